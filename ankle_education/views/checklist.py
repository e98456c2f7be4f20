"""The interactive checklist: GET shows the form, POST answers on the same URL.

Answers live only in the request: they are never stored, logged, cached or put in a URL.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView

from ankle_education import caching
from ankle_education.answers import answer_context
from ankle_education.checklist import (
    FIELD_NAME,
    NONE_FIELD,
    InvalidAnswers,
    NothingTicked,
    form_context,
    read_form,
    signs_for,
    sources_for,
)
from ankle_education.models import Condition, WarningSign
from ankle_education.views.base import HostTemplateMixin

# "same-origin", not "no-referrer": with no-referrer browsers post the form with `Origin: null`,
# which Django's CSRF check rightly refuses. Links out add rel="noreferrer", and the redirect
# to the booking site is cross-origin, so the booking site never learns this page's address.
REFERRER_POLICY = "same-origin"


# What was ticked is health information: Django's error reports (500 e-mails, the debug page)
# show it masked, like a password.
@method_decorator(sensitive_post_parameters(FIELD_NAME, NONE_FIELD), name="dispatch")
@method_decorator(csrf_protect, name="dispatch")
class SeekHelpView(HostTemplateMixin, TemplateView):
    """The general checklist, or a condition's (general signs plus its own) when the URL names one."""

    template_name = "ankle_education/seek_help.html"
    answer_template_name = "ankle_education/answer.html"
    http_method_names = ["get", "post", "head", "options"]

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.condition: Condition | None = None
        self.signs: list[WarningSign] = []

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if "slug" in kwargs:
            self.condition = get_object_or_404(
                Condition.objects.published(), slug=kwargs["slug"]
            )
        self.signs = list(signs_for(self.condition))
        response = super().dispatch(request, *args, **kwargs)
        response["Referrer-Policy"] = REFERRER_POLICY
        # The form carries this visitor's CSRF token, and an answer is about their health.
        caching.mark_private(response)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["condition"] = self.condition
        context.update(form_context(self.condition, self.signs))
        context["sources"] = sources_for(self.signs)
        # The answer is shown at the checklist's own address, so both share its canonical URL.
        context["canonical_url"] = self.request.build_absolute_uri(context["form_action"])
        if self.condition is None:
            context["checklist_title"] = _("When to get help")
        else:
            context["checklist_title"] = _("When to get help: %(name)s") % {"name": self.condition.name}
        context["checklist_description"] = _(
            "Tick the signs that apply to your ankle and get one clear answer: care for it at home, "
            "book an appointment, get seen today, or get emergency help."
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            ticked = read_form(request, self.signs)
        except InvalidAnswers as error:
            response = self.render_to_response(self.get_context_data(error=str(error)), status=400)
        except NothingTicked as error:
            # Not an error in the request: the patient is asked again, on the same form.
            response = self.render_to_response(self.get_context_data(nothing_ticked=str(error)))
        else:
            context = self.get_context_data(**answer_context(ticked, self.condition, self.signs))
            response = self.response_class(
                request=request, template=[self.answer_template_name], context=context, using=self.template_engine
            )
        return response
