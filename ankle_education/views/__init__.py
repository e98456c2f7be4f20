"""The app's views; ``csrf_failure`` is the one a host names in its settings (``CSRF_FAILURE_VIEW``)."""

from ankle_education.views.csrf import csrf_failure

__all__ = ["csrf_failure"]
