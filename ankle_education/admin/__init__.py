"""Django admin for clinic staff: content editing (content.py), booking statistics (booking.py)."""

from ankle_education.admin import booking, content  # noqa: F401  (registers the ModelAdmins)
