"""What the admin tests share: admin URLs, the POST a browser sends back, messages, and content to edit."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from ankle_education.models import Category, Condition, Status
from tests import factories

TODAY = timezone.localdate
CONTENT_FACTORIES = {
    "category": factories.CategoryFactory,
    "condition": factories.ConditionFactory,
    "preventiontip": factories.PreventionTipFactory,
    "treatmenttier": factories.TreatmentTierFactory,
    "warningsign": factories.WarningSignFactory,
    "source": factories.SourceFactory,
}
PUBLISHABLE = [name for name in CONTENT_FACTORIES if name != "source"]
ARCHIVED = Status.ARCHIVED


HIDDEN = "Patients cannot see “Achilles tendinitis” although it is published: its cause category “Overuse injuries”"

CATEGORY_HIDES = (
    "Patients cannot see the published condition “Achilles tendinitis”: its cause category “Overuse injuries” "
    "is not published."
)


def admin_url(model_name: str, view: str, *args) -> str:
    return reverse(f"admin:ankle_education_{model_name}_{view}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(response) -> dict:
    """The POST a browser would send back from an admin change page, unchanged."""
    forms = [(response.context["adminform"].form, None)]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [(formset.management_form, None), *((form, None) for form in formset.forms)]
    for form, _unused in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def login_as(client, user):
    client.force_login(user)
    return client


def unreviewed_draft_condition(**kwargs) -> Condition:
    condition = factories.ConditionFactory(draft=True, **kwargs)
    factories.TreatmentStepFactory(condition=condition)
    factories.ConditionSourceFactory(condition=condition)
    factories.ConditionWarningSignFactory(condition=condition)
    return condition


def live_condition_with_rows() -> Condition:
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    factories.TreatmentStepFactory(condition=condition, body="Live step")
    factories.ConditionSourceFactory(condition=condition)
    factories.ConditionWarningSignFactory(condition=condition)
    return condition


def condition_in_draft_category(**kwargs) -> Condition:
    category = factories.CategoryFactory(draft=True, name="Overuse injuries")
    return factories.ConditionFactory(category=category, name="Achilles tendinitis", reviewed=True, **kwargs)


def live_category_with_conditions(*published: str) -> Category:
    category = factories.CategoryFactory(name="Overuse injuries", reviewed=True)
    factories.ConditionFactory(category=category, name="Draft one", draft=True)
    for name in published:
        factories.ConditionFactory(category=category, name=name)
    return category


def not_live(model_name: str):
    """Content the admin lets a superuser delete if nothing uses it: a source, or archived content."""
    factory = CONTENT_FACTORIES[model_name]
    return factory() if model_name == "source" else factory(status=ARCHIVED)


def listed(client, query: str) -> set[str]:
    response = client.get(admin_url("condition", "changelist") + query)
    assert response.status_code == 200
    return {obj.name for obj in response.context["cl"].result_list}


def sign_off(client, objs, action: str = "mark_reviewed_today", reviewed_by: str = "Dr Ana Silva, DPT"):
    """Run "Mark … as reviewed today" (or "Review today and publish") as a reviewer does: open the
    confirmation page, then sign off what it showed (each piece's content hash, sent back hidden)."""
    changelist = admin_url(objs[0]._meta.model_name, "changelist")
    selected = {"action": action, "_selected_action": [obj.pk for obj in objs]}
    page = client.post(changelist, selected).content.decode()
    shown = dict(re.findall(r'name="(review_of_\d+)" value="([0-9a-f]*)"', page))
    return client.post(changelist, {**selected, **shown, "apply": "yes", "reviewed_by": reviewed_by})
