"""What every public page view shares: the host's base template and the site name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ankle_education.conf import conf

if TYPE_CHECKING:
    from django.views.generic.base import ContextMixin
else:
    ContextMixin = object  # what the mixin extends, for the type checker; a plain mixin at run time


class HostTemplateMixin(ContextMixin):
    """Puts the configured base template into the context for ``ankle_education/base.html``."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["ankle_base_template"] = conf.BASE_TEMPLATE
        context["ankle_site_name"] = conf.SITE_NAME
        return context
