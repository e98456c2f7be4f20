"""What every public page view shares: the host's base template and the site name."""

from __future__ import annotations

from typing import Any

from ankle_education.conf import conf


class HostTemplateMixin:
    """Puts the configured base template into the context for ``ankle_education/base.html``."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["ankle_base_template"] = conf.BASE_TEMPLATE
        context["ankle_site_name"] = conf.SITE_NAME
        return context
