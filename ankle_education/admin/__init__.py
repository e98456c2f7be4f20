"""Django admin for clinic staff, one job a module.

- ``registrations``: the content's ModelAdmins, registered with the site
- ``base``: the base ModelAdmins they build on, and delete protection
- ``actions``: the list actions (publish, sign off a review, archive, move back to review, delete)
- ``inlines``: rows edited inside a page
- ``filters``: the review list filters
- ``forms``: the forms that carry the editorial rules
- ``markdown``: the markdown editor with a labelled preview, and markdown rendered on read-only pages
- ``hardening``: tampered requests answered with a form error or a 400, never a 500
- ``booking_clicks``: the read-only booking click-through counts
"""

from ankle_education.admin import booking_clicks, registrations  # noqa: F401  (registers the ModelAdmins)
