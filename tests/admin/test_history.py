"""The history pages (admin/history.py): the versions of a piece of content, a version compared with
the live one, restoring a version, who may do what, constant queries, and the pages' markup."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from ankle_education import versions, workflow
from ankle_education.models import Condition, ConditionSource, ConditionWarningSign, Status, TreatmentStep, Version
from tests import factories
from tests.admin.helpers import CONTENT_FACTORIES, PUBLISHABLE, admin_url, messages_of
from tests.edits import pending_change
from tests.quality import nu_html_errors

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "ankle_education" / "static" / "ankle_education" / "admin" / "versions.css"
NO_DIFFERENCES = "No differences in the content."


# Helpers -------------------------------------------------------------------------------


def live_condition_with_history(editor_user, reviewer_user) -> Condition:
    """Versions: 1 recorded as it stood, 2 an edit, 3 its review, 4 published (live), 5 a pending edit."""
    condition = factories.ConditionFactory(reviewed=True, name="Achilles tendinitis", overview="First words")
    pending_change(condition, editor_user, overview="Second words")
    workflow.record_review(condition, "Dr Ben Okafor, PT", reviewer_user)
    workflow.publish_all([condition], reviewer_user)
    pending_change(condition, editor_user, overview="Third words")
    return condition


def draft_with_two_versions(**kwargs) -> Condition:
    """A draft: version 1 says "First words", version 2 (current, the row) "Second words"."""
    condition = factories.ConditionFactory(draft=True, reviewed=True, overview="First words", **kwargs)
    versions.ensure_recorded(condition)
    condition.overview = "Second words"
    condition.save()
    versions.record(condition, action=Version.Action.EDITED)
    return condition


def history_url(obj) -> str:
    return admin_url(obj._meta.model_name, "history", obj.pk)


def compare_url(obj, number: int) -> str:
    return admin_url(obj._meta.model_name, "version", obj.pk, number)


def restore_url(obj, number: int) -> str:
    return admin_url(obj._meta.model_name, "restore", obj.pk, number)


def content_main(response) -> str:
    html = response.content.decode()
    return html[html.index('<div id="content-main">') :]


class _Tables(HTMLParser):
    """Each table's caption, its header cells' scopes, and its body rows as (text, links) per cell."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.cell: list[str] | None = None
        self.caption: list[str] | None = None
        self.links: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table":
            self.tables.append({"id": attributes.get("id"), "caption": None, "scopes": [], "rows": []})
        elif tag == "caption":
            self.caption = []
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            if tag == "th":
                self.tables[-1]["scopes"].append(attributes.get("scope"))
            self.cell, self.links = [], []
        elif tag == "a" and self.cell is not None:
            self.links.append(attributes.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self.caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self.caption).split())
            self.caption = None
        elif tag == "tbody":
            self.in_body = False
        elif tag in ("th", "td") and self.cell is not None:
            if self.in_body:
                self.tables[-1]["rows"][-1].append((" ".join("".join(self.cell).split()), self.links))
            self.cell = None

    def handle_data(self, data: str) -> None:
        for collected in (self.cell, self.caption):
            if collected is not None:
                collected.append(data)


def tables_of(response) -> list[dict]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def version_rows(response) -> list[list[tuple[str, list[str]]]]:
    [table] = [table for table in tables_of(response) if table["id"] == "version-list"]
    return table["rows"]


def when(version: Version) -> str:
    return formats.date_format(timezone.localtime(version.created_at), "DATETIME_FORMAT")


def reviewed(version: Version, reviewer: str) -> str:
    return f"Reviewed {formats.date_format(version.last_reviewed, 'DATE_FORMAT')} by {reviewer}"


def view_only_user(django_user_model):
    user = django_user_model.objects.create_user("viewer", "viewer@example.com", "password", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_condition"))
    return user


# The list of versions ---------------------------------------------------------------------


def test_history_lists_every_version_newest_first_marking_the_live_and_the_pending_one(
    superuser_client, editor_user, reviewer_user
):
    editor_user.first_name, editor_user.last_name = "Eddie", "Tor"
    editor_user.save()
    condition = live_condition_with_history(editor_user, reviewer_user)
    start = timezone.now() - datetime.timedelta(days=10)
    for number in range(1, 6):  # each a day apart, so the dates tell them apart
        versions.versions_of(condition).filter(number=number).update(created_at=start + datetime.timedelta(days=number))
    v = {version.number: version for version in versions.versions_of(condition)}
    response = superuser_client.get(history_url(condition))
    assert response.status_code == 200
    link = [compare_url(condition, number) for number in range(6)]
    assert version_rows(response) == [
        [("5 (Pending change)", []), (when(v[5]), []), ("Eddie Tor", []), ("Edited", []), ("In review", []),
         ("Not reviewed", []), ("Compare version 5", [link[5]])],
        [("4 (Live)", []), (when(v[4]), []), ("Ana Silva", []), ("Published", []), ("Published", []),
         (reviewed(v[4], "Dr Ben Okafor, PT"), []), ("", [])],
        [("3", []), (when(v[3]), []), ("Ana Silva", []), ("Reviewed", []), ("In review", []),
         (reviewed(v[3], "Dr Ben Okafor, PT"), []), ("Compare version 3", [link[3]])],
        [("2", []), (when(v[2]), []), ("Eddie Tor", []), ("Edited", []), ("In review", []),
         ("Not reviewed", []), ("Compare version 2", [link[2]])],
        [("1", []), (when(v[1]), []), ("The system", []), ("Recorded as it stood", []), ("Published", []),
         (reviewed(v[1], "Dr Ana Silva, DPT"), []), ("Compare version 1", [link[1]])],
    ]  # fmt: skip
    assert len({when(version) for version in v.values()}) == 5


def test_history_of_content_not_live_marks_the_current_version_and_shows_restores(superuser, superuser_client):
    condition = draft_with_two_versions()
    workflow.restore(condition, 1, superuser)
    rows = version_rows(superuser_client.get(history_url(condition)))
    assert [(row[0][0], row[2][0], row[3][0], row[6]) for row in rows] == [
        ("3 (Current)", "staff", "Restored (from version 1)", ("", [])),  # no full name: the username
        ("2", "The system", "Edited", ("Compare version 2", [compare_url(condition, 2)])),
        ("1", "The system", "Recorded as it stood", ("Compare version 1", [compare_url(condition, 1)])),
    ]
    assert "(Live)" not in content_main(superuser_client.get(history_url(condition)))


def test_history_of_content_without_versions_says_so(superuser_client):
    condition = factories.ConditionFactory()
    html = content_main(superuser_client.get(history_url(condition)))
    assert "No versions yet" in html
    assert "<table" not in html


@pytest.mark.parametrize("model_name", PUBLISHABLE)
def test_every_kind_of_content_has_the_versions_history(superuser, superuser_client, model_name):
    obj = CONTENT_FACTORIES[model_name](reviewed=True, order=1)
    pending_change(obj, superuser, order=2)
    rows = version_rows(superuser_client.get(history_url(obj)))
    assert [row[0][0] for row in rows] == ["2 (Pending change)", "1 (Live)"]
    page = superuser_client.get(compare_url(obj, 2))
    assert page.status_code == 200
    assert "<del>1</del> <ins>2</ins>" in content_main(page)


# Comparing a version with the live one --------------------------------------------------------


@pytest.fixture
def changed_condition(superuser):
    """A live condition and a pending change (version 2) to its overview, signs, steps and sources."""
    condition = factories.ConditionFactory(reviewed=True, overview="The quick brown fox jumps.")
    kept_sign, removed_sign, added_sign = (
        factories.WarningSignFactory(text=text, applies_to_all_conditions=False)
        for text in ("Kept sign", "Removed sign", "Added <b>sign</b>")
    )
    for sign in (kept_sign, removed_sign):
        ConditionWarningSign.objects.create(condition=condition, warning_sign=sign)
    tier = factories.TreatmentTierFactory(name="Self-care")
    factories.TreatmentStepFactory(condition=condition, tier=tier, body="Rest for two days.")
    removed_source = factories.SourceFactory(title="Old leaflet")
    added_source = factories.SourceFactory(title="New leaflet")
    ConditionSource.objects.create(condition=condition, source=removed_source)
    versions.ensure_recorded(condition)
    data = versions.snapshot(condition)
    signs = data["parts"]["ankle_education.conditionwarningsign"]
    data["parts"]["ankle_education.conditionwarningsign"] = [
        *(row for row in signs if row["warning_sign_id"] != removed_sign.pk),
        {"id": 9001, "warning_sign_id": added_sign.pk},
    ]
    data["parts"]["ankle_education.treatmentstep"][0]["body"] = "Rest for three days."
    data["parts"]["ankle_education.conditionsource"] = [{"id": 9002, "source_id": added_source.pk}]
    pending_change(condition, superuser, data=data, overview="The slow brown fox jumps.")
    return condition


def test_compare_shows_a_word_diff_and_the_added_removed_and_changed_parts(superuser_client, changed_condition):
    response = superuser_client.get(compare_url(changed_condition, 2))
    assert response.status_code == 200
    html = content_main(response)
    assert "compared with the live version (1)" in html
    [fields] = [table for table in tables_of(response) if table["caption"] == "Fields"]
    assert [row[0][0] for row in fields["rows"]] == ["Overview"]
    assert '<td class="diff">The <del>quick</del><ins>slow</ins> brown fox jumps.</td>' in html
    assert "<li><ins>Added: Added &lt;b&gt;sign&lt;/b&gt;</ins></li>" in html
    assert "<li><del>Removed: Removed sign</del></li>" in html
    assert "Kept sign" not in html
    assert "<li>Changed: Self-care: Rest for two days.<ul>" in html
    assert 'What to do: <span class="diff">Rest for <del>two</del><ins>three</ins> days.</span>' in html
    assert "<li><ins>Added: NHS: New leaflet</ins></li>" in html
    assert "<li><del>Removed: NHS: Old leaflet</del></li>" in html
    assert re.findall(r"<h2>(.*?)</h2>", html) == ["Sources", "Warning signs", "Treatment steps"]
    assert NO_DIFFERENCES not in html


def test_compare_of_an_identical_version_says_there_are_no_differences(superuser_client, reviewer_user):
    condition = factories.ConditionFactory(reviewed=True)
    versions.ensure_recorded(condition)
    workflow.record_review(condition, "Dr Ben Okafor, PT", reviewer_user)  # version 2: the same content
    response = superuser_client.get(compare_url(condition, 1))
    html = content_main(response)
    assert NO_DIFFERENCES in html
    assert 'class="version-diff"' not in html
    assert "<h2>" not in html
    assert "Restore as a pending change" in html  # an earlier version may still be restored
    current = content_main(superuser_client.get(compare_url(condition, 2)))
    assert NO_DIFFERENCES in current
    assert "Restore" not in current  # the live version itself


def test_compare_escapes_html_in_content(superuser, superuser_client):
    condition = factories.ConditionFactory(reviewed=True, overview="Rest.", name="<b>Sprain</b>")
    pending_change(condition, superuser, overview="<script>alert('x')</script> Rest.", name="<i>Sprain</i>")
    response = superuser_client.get(compare_url(condition, 2))
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<i>Sprain" not in html
    assert "<b>Sprain" not in html
    assert "<ins>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</ins> Rest." in html
    assert "<ins>&lt;i&gt;Sprain&lt;/i&gt;</ins>" in html
    history = superuser_client.get(history_url(condition)).content.decode()
    assert "<b>Sprain" not in history
    assert "History: &lt;b&gt;Sprain&lt;/b&gt;" in history


def test_compare_of_content_not_live_is_with_its_current_version(superuser_client):
    condition = draft_with_two_versions()
    response = superuser_client.get(compare_url(condition, 1))
    html = content_main(response)
    assert "compared with the current version (2)" in html
    assert "<del>Second</del><ins>First</ins> words" in html
    assert "Restore this version" in html


def test_compare_names_content_deleted_since(superuser_client):
    condition, _sign_id = draft_linking_to_a_deleted_sign()
    response = superuser_client.get(compare_url(condition, 1))
    assert response.status_code == 200
    assert "<li><ins>Added: (deleted)</ins></li>" in content_main(response)


# Restoring ---------------------------------------------------------------------------------


def test_restoring_a_version_of_live_content_makes_a_pending_change(superuser, superuser_client, editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="First words")
    pending_change(condition, editor_user, overview="Second words")
    workflow.record_review(condition, "Dr Ben Okafor, PT", superuser)
    workflow.publish_all([condition], superuser)  # version 4, live: "Second words"
    first = versions.versions_of(condition).get(number=1)
    response = superuser_client.post(restore_url(condition, 1))
    assert response.status_code == 302
    assert response.url == admin_url("condition", "change", condition.pk)
    assert messages_of(response) == [
        (
            "Version 1 is back as a pending change (version 5). Patients still see the live version until a "
            "clinical reviewer reviews and publishes it."
        )
    ]
    condition.refresh_from_db()
    assert (condition.overview, condition.status) == ("Second words", Status.PUBLISHED)  # the row is untouched
    pending = versions.pending_version(condition)
    assert (pending.number, pending.action, pending.note, pending.user) == (5, "restored", "from version 1", superuser)
    assert pending.data == first.data
    assert pending.data["fields"]["overview"] == "First words"
    assert not pending.review_holds


def test_restoring_a_version_of_a_draft_writes_the_row(superuser_client):
    condition = draft_with_two_versions()
    response = superuser_client.post(restore_url(condition, 1))
    assert response.status_code == 302
    assert response.url == admin_url("condition", "change", condition.pk)
    assert messages_of(response) == ["Version 1 is back as version 3. It needs a clinical review to go live."]
    condition.refresh_from_db()
    assert (condition.overview, condition.status, condition.reviewed_by) == ("First words", Status.DRAFT, "")
    assert versions.current_version(condition).number == 3
    assert versions.pending_version(condition) is None


def test_restore_refuses_get(superuser_client):
    condition = draft_with_two_versions()
    response = superuser_client.get(restore_url(condition, 1))
    assert response.status_code == 405
    assert versions.versions_of(condition).count() == 2


def test_an_unknown_version_is_404(superuser_client):
    condition = draft_with_two_versions()
    assert superuser_client.get(compare_url(condition, 3)).status_code == 404
    assert superuser_client.post(restore_url(condition, 3)).status_code == 404
    assert versions.versions_of(condition).count() == 2


@pytest.mark.parametrize("object_id", ["999999", "not-a-number"])
def test_unknown_content_is_404(superuser_client, object_id):
    draft_with_two_versions()
    for view in ("history", "version", "restore"):
        args = [object_id] if view == "history" else [object_id, 1]
        response = (superuser_client.post if view == "restore" else superuser_client.get)(
            admin_url("condition", view, *args)
        )
        assert response.status_code == 404, view


def test_anonymous_visitors_are_sent_to_log_in(client):
    condition = draft_with_two_versions()
    for response in (
        client.get(history_url(condition)),
        client.get(compare_url(condition, 1)),
        client.post(restore_url(condition, 1)),
    ):
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")
    assert versions.versions_of(condition).count() == 2


def test_staff_with_view_permission_only_see_the_history_but_cannot_restore(
    client, django_user_model, editor_user, reviewer_user
):
    condition = live_condition_with_history(editor_user, reviewer_user)
    client.force_login(view_only_user(django_user_model))
    assert client.get(history_url(condition)).status_code == 200
    page = client.get(compare_url(condition, 1))
    assert page.status_code == 200
    assert "<del>Second</del><ins>First</ins> words" in content_main(page)
    assert "restore" not in content_main(page).lower()
    assert client.post(restore_url(condition, 1)).status_code == 403
    assert versions.versions_of(condition).count() == 5


def test_staff_without_view_permission_get_nothing(client, django_user_model):
    condition = draft_with_two_versions()
    staff = django_user_model.objects.create_user("nobody", "nobody@example.com", "password", is_staff=True)
    client.force_login(staff)
    assert client.get(history_url(condition)).status_code == 403
    assert client.get(compare_url(condition, 1)).status_code == 403
    assert client.post(restore_url(condition, 1)).status_code == 403
    assert versions.versions_of(condition).count() == 2


def test_an_editor_may_restore_a_version_of_live_content(editor_client, editor_user, reviewer_user):
    condition = live_condition_with_history(editor_user, reviewer_user)
    assert "Restore as a pending change" in content_main(editor_client.get(compare_url(condition, 1)))
    response = editor_client.post(restore_url(condition, 1))
    assert response.status_code == 302
    pending = versions.pending_version(condition)
    assert (pending.number, pending.user, pending.data["fields"]["overview"]) == (6, editor_user, "First words")
    condition.refresh_from_db()
    assert condition.overview == "Second words"


def test_an_editor_may_not_restore_a_version_of_archived_content(editor_client):
    condition = draft_with_two_versions(status=Status.ARCHIVED)
    page = content_main(editor_client.get(compare_url(condition, 1)))
    assert "Restore" not in page
    assert editor_client.post(restore_url(condition, 1)).status_code == 403
    condition.refresh_from_db()
    assert condition.overview == "Second words"


def test_the_current_and_the_pending_version_are_not_restored(superuser, superuser_client):
    """Restoring either would change nothing but clear the review the pending change may carry."""
    condition = factories.ConditionFactory(reviewed=True, overview="First words")
    pending_change(condition, superuser, overview="Second words")
    workflow.record_review(condition, "Dr Ben Okafor, PT", superuser)  # version 3: the pending change, reviewed
    for number, what in ((1, "the live version"), (3, "the pending change")):
        assert "Restore" not in content_main(superuser_client.get(compare_url(condition, number)))
        response = superuser_client.post(restore_url(condition, number))
        assert response.status_code == 302
        assert response.url == compare_url(condition, number)
        assert messages_of(response) == [f"Version {number} is {what} already: there is nothing to restore."]
    assert versions.versions_of(condition).count() == 3
    assert versions.pending_version(condition).review_holds


def test_the_current_version_of_a_draft_is_not_restored(superuser_client):
    condition = draft_with_two_versions()  # reviewed: restoring version 2 would only clear its review
    response = superuser_client.post(restore_url(condition, 2))
    assert messages_of(response) == ["Version 2 is the current version already: there is nothing to restore."]
    condition.refresh_from_db()
    assert condition.reviewed_by == "Dr Ana Silva, DPT"
    assert versions.versions_of(condition).count() == 2


def draft_linking_to_a_deleted_sign() -> tuple[Condition, int]:
    """A draft whose version 1 links to a sign deleted since; version 2 (the row) does not."""
    condition = factories.ConditionFactory(draft=True, overview="First words")
    link = factories.ConditionWarningSignFactory(condition=condition, warning_sign__text="Gone sign")
    sign = link.warning_sign
    versions.ensure_recorded(condition)
    link.delete()
    condition.overview = "Second words"
    condition.save()
    versions.record(condition, action=Version.Action.EDITED)
    sign_id = sign.pk
    sign.delete()
    return condition, sign_id


def test_restoring_a_version_linking_to_deleted_content_is_refused_clearly(superuser_client):
    condition, sign_id = draft_linking_to_a_deleted_sign()
    response = superuser_client.post(restore_url(condition, 1))
    assert response.status_code == 302
    assert response.url == compare_url(condition, 1)
    assert messages_of(response) == [
        f"This version links to content that has since been deleted: warning sign {sign_id}."
    ]
    condition.refresh_from_db()
    assert condition.overview == "Second words"
    assert versions.versions_of(condition).count() == 2


def test_restoring_a_version_of_live_content_linking_to_deleted_content_is_refused_clearly(superuser_client):
    condition = factories.ConditionFactory(reviewed=True)
    link = factories.ConditionWarningSignFactory(condition=condition, warning_sign__text="Gone sign")
    versions.ensure_recorded(condition)
    sign = link.warning_sign
    link.delete()
    versions.record(condition, action=Version.Action.EDITED)
    sign_id = sign.pk
    sign.delete()
    response = superuser_client.post(restore_url(condition, 1))
    assert response.status_code == 302
    assert messages_of(response) == [
        f"This version links to content that has since been deleted: warning sign {sign_id}."
    ]
    assert versions.pending_version(condition) is None


def test_restoring_a_version_whose_slug_is_now_another_pages_is_refused_clearly(superuser_client):
    condition = factories.ConditionFactory(reviewed=True, slug="sprain")
    versions.ensure_recorded(condition)
    Condition.objects.filter(pk=condition.pk).update(slug="ankle-sprain")
    condition.refresh_from_db()
    versions.record(condition, action=Version.Action.EDITED)
    factories.ConditionFactory(slug="sprain")
    response = superuser_client.post(restore_url(condition, 1))
    assert response.status_code == 302
    assert response.url == compare_url(condition, 1)
    assert messages_of(response) == ["Condition with this Slug already exists."]
    assert versions.pending_version(condition) is None


# Queries that do not grow with the rows --------------------------------------------------------


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def add_rows(model_name: str, count: int, user) -> None:
    """``count`` rows, every other one with a pending change."""
    for index in range(count):
        obj = CONTENT_FACTORIES[model_name](reviewed=True, order=1)
        if index % 2:
            pending_change(obj, user, order=2)


@pytest.mark.parametrize("model_name", PUBLISHABLE)
@pytest.mark.parametrize("client_fixture", ["superuser_client", "editor_client"])
def test_changelist_queries_are_the_same_for_10_and_50_rows(request, client_fixture, model_name, superuser):
    staff = request.getfixturevalue(client_fixture)
    url = admin_url(model_name, "changelist")
    add_rows(model_name, 10, superuser)
    queries(staff, url)  # caches warmed (content types, sessions)
    with_ten = queries(staff, url)
    add_rows(model_name, 40, superuser)
    response = staff.get(url)
    listed = response.context["cl"].result_list
    assert len(listed) == 50
    assert sum(obj.has_pending_change for obj in listed) == 25
    assert response.content.decode().count('alt="True"') >= 25  # the "unpublished changes" column
    with_fifty = queries(staff, url)
    assert with_fifty == with_ten


def test_history_queries_are_the_same_for_3_and_100_versions(superuser_client, django_user_model):
    users = [django_user_model.objects.create_user(f"user{n}", first_name=f"User {n}", is_staff=True) for n in range(5)]
    few, many = factories.ConditionFactory(), factories.ConditionFactory()
    for obj, count in ((few, 3), (many, 100)):
        for index in range(count):
            versions.record(obj, action=Version.Action.EDITED, user=users[index % len(users)], note=f"edit {index}")
    queries(superuser_client, history_url(few))
    with_three = queries(superuser_client, history_url(few))
    with_hundred = queries(superuser_client, history_url(many))
    assert len(version_rows(superuser_client.get(history_url(many)))) == 100
    assert with_hundred == with_three


def condition_with_changed_parts(count: int, user) -> Condition:
    """A live condition whose pending change changes ``count`` steps and swaps ``count`` signs and sources."""
    condition = factories.ConditionFactory(reviewed=True)
    for _index in range(count):
        factories.TreatmentStepFactory(condition=condition, body="Rest for two days.")
        factories.ConditionWarningSignFactory(condition=condition)
        factories.ConditionSourceFactory(condition=condition)
    versions.ensure_recorded(condition)
    data = versions.snapshot(condition)
    for step in data["parts"]["ankle_education.treatmentstep"]:
        step["body"] = "Rest for three days."
    data["parts"]["ankle_education.conditionwarningsign"] = [
        {"id": 10_000 + index, "warning_sign_id": factories.WarningSignFactory(applies_to_all_conditions=False).pk}
        for index in range(count)
    ]
    data["parts"]["ankle_education.conditionsource"] = [
        {"id": 10_000 + index, "source_id": factories.SourceFactory().pk} for index in range(count)
    ]
    pending_change(condition, user, data=data, overview="Changed")
    return condition


def test_compare_queries_are_the_same_for_3_and_30_changed_parts(superuser, superuser_client):
    few, many = condition_with_changed_parts(3, superuser), condition_with_changed_parts(30, superuser)
    queries(superuser_client, compare_url(few, 2))
    with_three = queries(superuser_client, compare_url(few, 2))
    with_thirty = queries(superuser_client, compare_url(many, 2))
    html = content_main(superuser_client.get(compare_url(many, 2)))
    assert html.count("Added: ") == 60
    assert html.count("Removed: ") == 60
    assert html.count("Changed: ") == 30
    assert with_thirty == with_three


# Markup and accessibility -------------------------------------------------------------------------


def test_tables_have_captions_and_scoped_headers(superuser_client, changed_condition):
    for response in (
        superuser_client.get(history_url(changed_condition)),
        superuser_client.get(compare_url(changed_condition, 2)),
    ):
        tables = tables_of(response)
        assert tables
        for table in tables:
            assert table["caption"], table
            assert table["scopes"], table
            assert all(scope in ("col", "row") for scope in table["scopes"]), table
            assert all(row[0] for row in table["rows"])


def test_changes_are_marked_by_more_than_colour(superuser_client, changed_condition):
    css = CSS.read_text()
    assert re.search(r"\.version-compare del\s*\{[^}]*text-decoration:\s*line-through", css)
    assert re.search(r"\.version-compare ins\s*\{[^}]*text-decoration:\s*underline", css)
    html = superuser_client.get(compare_url(changed_condition, 2)).content.decode()
    assert '/static/ankle_education/admin/versions.css"' in html
    assert re.search(r'<body class="[^"]*\bversion-compare\b', html)
    # The legend says what each mark means in words, and every added or removed part says so too.
    assert "<del>struck out</del> is only in the live version, <ins>underlined</ins> only in version 2" in html
    assert all(item.startswith(("Added:", "Removed:")) for item in re.findall(r"<li><(?:ins|del)>(.*?)</", html))


def test_history_pages_use_the_admin_look(superuser_client, changed_condition):
    for response in (
        superuser_client.get(history_url(changed_condition)),
        superuser_client.get(compare_url(changed_condition, 2)),
    ):
        html = response.content.decode()
        assert 'id="site-name"' in html  # admin/base_site.html
        assert '<div class="breadcrumbs">' in html
        assert f'href="{admin_url("condition", "change", changed_condition.pk)}"' in html


def test_history_pages_are_valid_html(superuser_client, changed_condition):
    documents = {
        "history": superuser_client.get(history_url(changed_condition)).content.decode(),
        "compare": superuser_client.get(compare_url(changed_condition, 2)).content.decode(),
        "no differences": superuser_client.get(compare_url(changed_condition, 1)).content.decode(),
    }
    assert nu_html_errors(documents) == {}


def test_history_templates_translate_their_words():
    templates = Path(__file__).resolve().parents[2] / "ankle_education" / "templates" / "admin" / "ankle_education"
    for name in ("version_history.html", "version_compare.html"):
        source = (templates / name).read_text()
        assert source.startswith('{% extends "admin/base_site.html" %}')
        # Outside tags, comments and variables, no words are left untranslated.
        bare = re.sub(r"{% (blocktranslate|block bodyclass).*?{% end(blocktranslate|block) %}", " ", source, flags=re.S)
        bare = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>|&\w+;", " ", bare, flags=re.S)
        assert re.findall(r"[A-Za-z]{2,}", bare) == [], name


def test_steps_of_a_deleted_tier_do_not_break_the_compare_page(superuser_client, superuser):
    """A version whose treatment step's tier has since been deleted names it as deleted."""
    condition = factories.ConditionFactory(reviewed=True)
    versions.ensure_recorded(condition)
    data = versions.snapshot(condition)
    tier = factories.TreatmentTierFactory()
    data["parts"]["ankle_education.treatmentstep"] = [{"id": 77, "tier_id": tier.pk, "body": "Ice.", "order": 0}]
    pending_change(condition, superuser, data=data)
    tier.delete()
    assert not TreatmentStep.objects.exists()
    response = superuser_client.get(compare_url(condition, 2))
    assert response.status_code == 200
    assert "<li><ins>Added: (deleted): Ice.</ins></li>" in content_main(response)


# Discarding a pending change -------------------------------------------------------------------


def test_the_pending_change_can_be_discarded_from_its_comparison(editor_client, editor_user, reviewer_user):
    condition = live_condition_with_history(editor_user, reviewer_user)  # version 5 is pending
    page = editor_client.get(compare_url(condition, 5))
    assert "Discard this pending change" in page.content.decode()
    assert "Restore as a pending change" not in page.content.decode()
    response = editor_client.post(admin_url("condition", "discard", condition.pk, 5))
    assert response.status_code == 302
    assert messages_of(response) == ["Discarded the pending change (version 5); it stays in the history."]
    assert versions.pending_version(condition) is None
    condition.refresh_from_db()
    assert condition.overview == "Second words"  # the live page as it was
    latest = versions.versions_of(condition).order_by("-number").first()
    assert (latest.action, latest.note, latest.user.username) == (Version.Action.DISCARDED, "version 5", "editor")
    # Only the pending change can be discarded.
    assert editor_client.post(admin_url("condition", "discard", condition.pk, 4)).status_code == 404
    assert editor_client.get(admin_url("condition", "discard", condition.pk, 5)).status_code == 405


def test_restoring_a_version_that_says_what_patients_see_discards_the_pending_change(
    superuser_client, editor_user, reviewer_user
):
    condition = live_condition_with_history(editor_user, reviewer_user)  # version 2 says what is live
    response = superuser_client.post(restore_url(condition, 2))
    assert response.status_code == 302
    assert "the pending change was discarded" in messages_of(response)[0]
    assert versions.pending_version(condition) is None


def test_a_view_only_user_cannot_discard(client, django_user_model, editor_user, reviewer_user):
    condition = live_condition_with_history(editor_user, reviewer_user)
    client.force_login(view_only_user(django_user_model))
    assert "Discard this pending change" not in client.get(compare_url(condition, 5)).content.decode()
    assert client.post(admin_url("condition", "discard", condition.pk, 5)).status_code == 403
    assert versions.pending_version(condition) is not None
