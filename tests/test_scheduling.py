"""Go-live and take-down times (scheduling.py and publish_scheduled_ankle_content): what is due goes
live or comes down once, as the review allows, and a second run at once never handles it again."""

from __future__ import annotations

import datetime
import io
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from ankle_education import caching, scheduling, versions, workflow
from ankle_education.management.commands import publish_scheduled_ankle_content
from ankle_education.models import Condition, PreventionTip, Status, Version
from ankle_education.scheduling import ON_SCHEDULE, apply_schedule
from tests import factories
from tests.edits import pending_change, pending_change_to_deleted_content

pytestmark = pytest.mark.django_db

# What apply_schedule is told the time is: the real time (reviews made today are current then).
NOW = timezone.now().replace(microsecond=0)
REVIEWER = "Dr Ana Silva, DPT"


def minutes(number: int) -> datetime.datetime:
    """A time ``number`` minutes from the real now (negative: past), for the command, which reads the clock."""
    return timezone.now() + datetime.timedelta(minutes=number)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("publish_scheduled_ankle_content", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_refused(*args: str) -> tuple[str, str]:
    """Run the command expecting a refusal; returns what it wrote to stderr and the error's message."""
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("publish_scheduled_ankle_content", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue(), str(raised.value)


def schedule(content, **times: datetime.datetime | None) -> None:
    """Set go_live_at/take_down_at as a publisher would: on the row, not in the content's versions."""
    type(content).objects.filter(pk=content.pk).update(**times)
    content.refresh_from_db()


def actions(content) -> list[tuple[str, object, str]]:
    return list(versions.versions_of(content).order_by("number").values_list("action", "user", "note"))


def row(content) -> dict:
    """Everything the row holds, editorial fields included."""
    return type(content).objects.filter(pk=content.pk).values().get()


# Going live ------------------------------------------------------------------------------


def test_a_reviewed_draft_goes_live_when_its_time_has_come_and_one_not_yet_due_waits():
    due = factories.ConditionFactory(draft=True, reviewed=True, name="Ankle sprain", go_live_at=minutes(-5))
    later = factories.ConditionFactory(draft=True, reviewed=True, name="Later", go_live_at=minutes(60))
    later_before = row(later)

    output = run()

    assert "Published: condition “Ankle sprain”" in output
    assert "Later" not in output
    due.refresh_from_db()
    assert due.status == Status.PUBLISHED
    assert due.published_at is not None
    assert minutes(-1) < due.published_at <= timezone.now()
    assert due.go_live_at is None
    live = versions.current_version(due)
    assert (live.action, live.user, live.note, live.status) == ("published", None, ON_SCHEDULE, "published")
    assert live.review_holds
    assert Condition.objects.published().filter(pk=due.pk).exists()
    assert row(later) == later_before
    assert versions.versions_of(later).count() == 0


def test_every_kind_of_content_is_scheduled_and_the_time_is_read_as_of_now():
    tip = factories.PreventionTipFactory(draft=True, reviewed=True, title="Warm up", go_live_at=NOW)
    category = factories.CategoryFactory(draft=True, reviewed=True, go_live_at=NOW - datetime.timedelta(days=1))
    early = apply_schedule(NOW - datetime.timedelta(seconds=1))
    assert early.published == [f"cause category “{category}”"]  # the tip's time is not yet come
    report = apply_schedule(NOW)
    assert report.published == ["prevention tip “Warm up”"]
    assert (report.taken_down, report.refused) == ([], [])
    tip.refresh_from_db()
    assert (tip.status, tip.go_live_at) == (Status.PUBLISHED, None)
    assert PreventionTip.objects.published().filter(pk=tip.pk).exists()


def test_a_reviewed_pending_change_of_a_live_page_goes_live_at_its_time(reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    step = factories.TreatmentStepFactory(condition=condition, body="Live step")
    published_at = condition.published_at
    data = versions.snapshot(condition)
    data["fields"]["overview"] = "Scheduled text"
    data["parts"]["ankle_education.treatmentstep"][0]["body"] = "Scheduled step"
    previous = versions.ensure_recorded(condition)
    workflow.save_change(condition, previous, data=data, status=Status.IN_REVIEW,
                         posted=versions.Review.of_version(previous), user=editor_user)  # fmt: skip
    reviewed = workflow.record_review(condition, "Dr Ben Okafor, PT", reviewer_user)
    schedule(condition, go_live_at=NOW)

    assert apply_schedule(NOW - datetime.timedelta(minutes=1)).published == []
    condition.refresh_from_db()
    assert condition.overview == "Live text"  # not before its time

    report = apply_schedule(NOW)

    assert report.published == [f"condition “{condition.name}”"]
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.reviewed_by, condition.go_live_at) == (
        Status.PUBLISHED, "Scheduled text", "Dr Ben Okafor, PT", None
    )  # fmt: skip
    assert condition.published_at == published_at  # it was live all along
    step.refresh_from_db()
    assert step.body == "Scheduled step"
    assert versions.pending_version(condition) is None
    live = versions.current_version(condition)
    assert (live.action, live.user, live.note, live.content_hash) == (
        "published", None, ON_SCHEDULE, reviewed.content_hash
    )  # fmt: skip


def test_a_live_page_due_to_go_live_with_no_pending_change_only_loses_its_time():
    condition = factories.ConditionFactory(reviewed=True, go_live_at=NOW)
    report = apply_schedule(NOW)
    assert (report.published, report.refused) == ([], [])
    condition.refresh_from_db()
    assert (condition.status, condition.go_live_at) == (Status.PUBLISHED, None)
    assert not versions.versions_of(condition).filter(action=Version.Action.PUBLISHED).exists()


# Refused: the schedule is no way round the review -----------------------------------------


def test_an_unreviewed_draft_is_not_published_and_is_reported_every_run():
    draft = factories.ConditionFactory(draft=True, name="Unreviewed sprain", go_live_at=minutes(-5))
    ready = factories.ConditionFactory(draft=True, reviewed=True, name="Ready sprain", go_live_at=minutes(-5))

    err, message = run_refused()

    assert "Not published: condition “Unreviewed sprain”" in err
    assert "Ready sprain" not in err
    assert message.startswith("1 scheduled to go live but not published")
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Status.DRAFT, None)
    assert draft.go_live_at is not None  # kept, so staff see it is still waiting
    ready.refresh_from_db()
    assert ready.status == Status.PUBLISHED  # the refusal holds up nothing else
    before = row(draft)

    err_again, _ = run_refused()

    assert "Not published: condition “Unreviewed sprain”" in err_again
    assert row(draft) == before
    assert not versions.versions_of(draft).filter(action=Version.Action.PUBLISHED).exists()


def test_a_draft_changed_after_its_review_is_not_published(reviewer_user):
    draft = factories.ConditionFactory(draft=True, name="Changed sprain", overview="Reviewed text")
    workflow.record_review(draft, REVIEWER, reviewer_user)
    Condition.objects.filter(pk=draft.pk).update(overview="Changed in the shell", go_live_at=NOW)

    report = apply_schedule(NOW)

    assert report.published == []
    (refusal,) = report.refused
    assert refusal.startswith("condition “Changed sprain”: It changed after its clinical review")
    draft.refresh_from_db()
    assert (draft.status, draft.overview, draft.go_live_at) == (Status.DRAFT, "Changed in the shell", NOW)


def test_a_pending_change_edited_after_its_review_is_not_published(reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True, name="Live sprain", overview="Live text")
    pending_change(condition, editor_user, overview="Reviewed change")
    workflow.record_review(condition, REVIEWER, reviewer_user)
    pending_change(condition, editor_user, overview="Unreviewed change")
    schedule(condition, go_live_at=minutes(-1))
    before = row(condition)
    versions_before = versions.versions_of(condition).count()

    for _ in range(2):
        err, _message = run_refused()
        assert "Not published: condition “Live sprain”" in err
        assert row(condition) == before
        assert versions.versions_of(condition).count() == versions_before
    assert before["overview"] == "Live text"
    assert versions.pending_version(condition).data["fields"]["overview"] == "Unreviewed change"


def test_a_review_that_has_lapsed_by_the_go_live_time_keeps_the_draft_back():
    due = timezone.localdate(NOW) + datetime.timedelta(days=2)
    draft = factories.ConditionFactory(draft=True, reviewed=True, next_review_due=due, go_live_at=NOW)
    later = NOW + datetime.timedelta(days=3)  # a run as of three days on: the review is no longer current

    (refusal,) = apply_schedule(later).refused

    assert f"The next review falls due on {due.isoformat()}" in refusal
    draft.refresh_from_db()
    assert (draft.status, draft.go_live_at) == (Status.DRAFT, NOW)
    assert len(apply_schedule(NOW).published) == 1


def pending_change_linking_to_a_deleted_sign(editor_user, reviewer_user, **fields):
    """Live content whose reviewed pending change links to a warning sign deleted since."""
    condition = factories.ConditionFactory(reviewed=True, **fields)
    pending_change_to_deleted_content(condition, editor_user)
    workflow.record_review(condition, REVIEWER, reviewer_user)
    return condition


def test_a_pending_change_that_cannot_be_written_is_refused_and_holds_up_nothing_else(editor_user, reviewer_user):
    broken = pending_change_linking_to_a_deleted_sign(editor_user, reviewer_user, name="Broken", overview="Live")
    schedule(broken, go_live_at=minutes(-1))
    ready = factories.ConditionFactory(draft=True, reviewed=True, name="Ready", go_live_at=minutes(-1))
    going = factories.PreventionTipFactory(reviewed=True, title="Going", take_down_at=minutes(-1))

    err, message = run_refused()

    assert "Not published: condition “Broken”: This version links to content that has since been deleted" in err
    assert message.startswith("1 scheduled to go live but not published")
    broken.refresh_from_db()
    assert (broken.status, broken.overview, broken.go_live_at is not None) == (Status.PUBLISHED, "Live", True)
    assert not broken.warning_signs.exists()
    assert versions.pending_version(broken) is not None
    ready.refresh_from_db()
    going.refresh_from_db()
    assert (ready.status, going.status) == (Status.PUBLISHED, Status.IN_REVIEW)


# Taking down -----------------------------------------------------------------------------


def test_a_live_page_comes_down_into_review_at_its_time():
    condition = factories.ConditionFactory(reviewed=True, name="Old advice", take_down_at=minutes(-1))
    later = factories.ConditionFactory(reviewed=True, name="Still good", take_down_at=minutes(60))

    output = run()

    assert "Took down: condition “Old advice”" in output
    assert "Still good" not in output
    condition.refresh_from_db()
    assert (condition.status, condition.take_down_at) == (Status.IN_REVIEW, None)
    assert not Condition.objects.published().filter(pk=condition.pk).exists()
    current = versions.current_version(condition)
    assert (current.action, current.user, current.note, current.status) == (
        "taken_down", None, ON_SCHEDULE, "in_review"
    )  # fmt: skip
    later.refresh_from_db()
    assert (later.status, later.take_down_at is not None) == (Status.PUBLISHED, True)


def test_taking_down_a_page_with_a_pending_change_brings_the_change_into_the_row(editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    pending_change(condition, editor_user, overview="Newest edit")
    schedule(condition, take_down_at=NOW)

    report = apply_schedule(NOW)

    assert report.taken_down == [f"condition “{condition.name}”"]
    condition.refresh_from_db()
    assert (condition.status, condition.overview, condition.take_down_at) == (Status.IN_REVIEW, "Newest edit", None)
    assert versions.pending_version(condition) is None
    assert versions.current_version(condition).action == Version.Action.TAKEN_DOWN


def test_a_page_whose_pending_change_cannot_be_written_still_comes_down_as_it_was(editor_user, reviewer_user):
    broken = pending_change_linking_to_a_deleted_sign(editor_user, reviewer_user, name="Broken")
    schedule(broken, take_down_at=minutes(-1))
    live_name = broken.name

    out = run()

    assert "Took down: condition" in out
    broken.refresh_from_db()
    assert (broken.status, broken.take_down_at, broken.name) == (Status.IN_REVIEW, None, live_name)
    assert versions.pending_version(broken) is None


def test_a_page_not_live_when_its_take_down_time_comes_only_loses_its_time():
    draft = factories.ConditionFactory(draft=True, take_down_at=NOW)
    assert apply_schedule(NOW).taken_down == []
    draft.refresh_from_db()
    assert (draft.status, draft.take_down_at) == (Status.DRAFT, None)
    assert versions.versions_of(draft).count() == 0


def test_a_draft_due_to_go_live_and_come_down_in_one_run_ends_in_review():
    draft = factories.ConditionFactory(
        draft=True, reviewed=True, go_live_at=NOW - datetime.timedelta(hours=2), take_down_at=NOW
    )
    report = apply_schedule(NOW)
    assert (len(report.published), len(report.taken_down)) == (1, 1)
    draft.refresh_from_db()
    assert (draft.status, draft.go_live_at, draft.take_down_at) == (Status.IN_REVIEW, None, None)
    assert [action for action, _, _ in actions(draft)][-2:] == ["published", "taken_down"]


# Running again, and a dry run ------------------------------------------------------------


def test_a_second_run_finds_nothing_due_and_records_nothing():
    factories.ConditionFactory(draft=True, reviewed=True, go_live_at=minutes(-5))
    factories.ConditionFactory(reviewed=True, take_down_at=minutes(-5))
    first = run()
    assert "Published: " in first
    assert "Took down: " in first
    assert "Nothing is due." not in first
    count = Version.objects.count()

    assert run().strip() == "Nothing is due."
    assert Version.objects.count() == count


def test_a_dry_run_says_what_is_due_and_changes_nothing(editor_user, reviewer_user):
    draft = factories.ConditionFactory(draft=True, reviewed=True, name="Draft due", go_live_at=minutes(-5))
    live = factories.ConditionFactory(reviewed=True, name="Live due", overview="Live text")
    pending_change(live, editor_user, overview="Reviewed change")
    workflow.record_review(live, REVIEWER, reviewer_user)
    schedule(live, go_live_at=minutes(-5))
    going = factories.ConditionFactory(reviewed=True, name="Going", take_down_at=minutes(-5))
    rows = [row(content) for content in (draft, live, going)]
    version_rows = list(Version.objects.order_by("pk").values())

    output = run("--dry-run")

    assert "Would publish: condition “Draft due”" in output
    assert "Would publish: condition “Live due”" in output
    assert "Would take down: condition “Going”" in output
    assert "Published:" not in output
    assert "Took down:" not in output
    assert [row(content) for content in (draft, live, going)] == rows
    assert list(Version.objects.order_by("pk").values()) == version_rows
    # And what it said is what a real run then does.
    output = run()
    assert "Published: condition “Draft due”" in output
    assert "Published: condition “Live due”" in output
    assert "Took down: condition “Going”" in output


def test_a_dry_run_reports_refusals_too():
    draft = factories.ConditionFactory(draft=True, name="Unreviewed", go_live_at=minutes(-5))
    before = row(draft)
    err, _ = run_refused("--dry-run")
    assert "Not published: condition “Unreviewed”" in err
    assert row(draft) == before
    assert Version.objects.count() == 0


def test_a_dry_run_purges_no_cached_page(client):
    condition = factories.ConditionFactory(reviewed=True, take_down_at=minutes(-1))
    client.get(condition.get_absolute_url())
    assert "Would take down" in run("--dry-run")
    assert caching.cached_page(RequestFactory().get(condition.get_absolute_url())) is not None


def test_the_help_says_what_the_command_does():
    command = publish_scheduled_ankle_content.Command()
    assert "go-live time" in command.help
    assert "take-down time" in command.help
    assert "--dry-run" in command.create_parser("manage.py", "publish_scheduled_ankle_content").format_help()


# The page cache --------------------------------------------------------------------------


def test_going_live_on_schedule_purges_the_cached_page_as_an_edit_does(client, reviewer_user, editor_user):
    condition = factories.ConditionFactory(reviewed=True, overview="Live text")
    url = condition.get_absolute_url()
    pending_change(condition, editor_user, overview="Scheduled words")
    workflow.record_review(condition, REVIEWER, reviewer_user)
    schedule(condition, go_live_at=minutes(-1))
    assert "Live text" in client.get(url).content.decode()
    assert caching.cached_page(RequestFactory().get(url)) is not None

    run()

    assert caching.cached_page(RequestFactory().get(url)) is None
    page = client.get(url).content.decode()
    assert "Scheduled words" in page
    assert "Live text" not in page


def test_a_draft_going_live_on_schedule_purges_the_lists_that_will_show_it(client):
    listing = "/patient-education/ankle/conditions/"
    draft = factories.ConditionFactory(draft=True, reviewed=True, name="Peroneal tendinopathy", go_live_at=minutes(-1))
    assert "Peroneal tendinopathy" not in client.get(listing).content.decode()
    assert caching.cached_page(RequestFactory().get(listing)) is not None

    run()

    assert caching.cached_page(RequestFactory().get(listing)) is None
    assert "Peroneal tendinopathy" in client.get(listing).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_taking_down_on_schedule_purges_the_cached_page(client):
    condition = factories.ConditionFactory(reviewed=True, take_down_at=minutes(-1))
    url = condition.get_absolute_url()
    assert client.get(url).status_code == 200
    assert caching.cached_page(RequestFactory().get(url)) is not None

    run()

    assert caching.cached_page(RequestFactory().get(url)) is None
    assert client.get(url).status_code == 404


# Two runs --------------------------------------------------------------------------------


def test_two_runs_one_after_the_other_publish_once():
    condition = factories.ConditionFactory(draft=True, reviewed=True, go_live_at=NOW)
    first, second = apply_schedule(NOW), apply_schedule(NOW)
    assert (len(first.published), second.published) == (1, [])
    assert versions.versions_of(condition).filter(action=Version.Action.PUBLISHED).count() == 1


def test_a_piece_whose_time_is_moved_on_while_a_run_is_under_way_is_left_alone(monkeypatch):
    draft = factories.ConditionFactory(draft=True, reviewed=True, go_live_at=NOW)
    found = scheduling._due

    def due_then_postponed(model, time_field, now):
        pks = found(model, time_field, now)
        model.objects.filter(pk__in=pks).update(go_live_at=now + datetime.timedelta(days=1))  # a publisher, meanwhile
        return pks

    monkeypatch.setattr(scheduling, "_due", due_then_postponed)
    assert apply_schedule(NOW).published == []
    draft.refresh_from_db()
    assert (draft.status, draft.go_live_at) == (Status.DRAFT, NOW + datetime.timedelta(days=1))


# Row locks with SKIP LOCKED: PostgreSQL only (SQLite has no row locks). CI fails on any skipped test
# (.ci/run), so this check is defined only where it can run, in CI's PostgreSQL leg, not skipped elsewhere.
if connection.vendor == "postgresql":

    @pytest.mark.django_db(transaction=True)
    def test_a_run_skips_a_piece_another_run_holds_and_it_is_published_once():
        condition = factories.ConditionFactory(draft=True, reviewed=True, go_live_at=NOW)
        locked, release = threading.Event(), threading.Event()
        failures: list[BaseException] = []

        def other_run() -> None:
            try:
                with transaction.atomic():
                    Condition.objects.select_for_update().get(pk=condition.pk)
                    locked.set()
                    release.wait(timeout=15)
            except BaseException as error:  # reported in the main thread
                failures.append(error)
                locked.set()
            finally:
                connection.close()

        thread = threading.Thread(target=other_run)
        thread.start()
        try:
            assert locked.wait(timeout=10)
            started = time.monotonic()
            report = apply_schedule(NOW)
            elapsed = time.monotonic() - started
        finally:
            release.set()
            thread.join(timeout=15)
        assert not thread.is_alive()
        assert failures == []
        assert (report.published, report.taken_down, report.refused) == ([], [], [])
        assert elapsed < 5  # it did not wait for the lock
        condition.refresh_from_db()
        assert (condition.status, condition.go_live_at) == (Status.DRAFT, NOW)

        report = apply_schedule(NOW)

        assert len(report.published) == 1
        assert apply_schedule(NOW).published == []
        condition.refresh_from_db()
        assert (condition.status, condition.go_live_at) == (Status.PUBLISHED, None)
        assert versions.versions_of(condition).filter(action=Version.Action.PUBLISHED).count() == 1


def test_taking_content_down_clears_its_times_so_an_old_one_never_brings_it_back(reviewer_user):
    draft = factories.ConditionFactory(draft=True, reviewed=True, go_live_at=NOW + datetime.timedelta(minutes=5))
    live = factories.ConditionFactory(reviewed=True, go_live_at=NOW + datetime.timedelta(minutes=5),
                                      take_down_at=NOW + datetime.timedelta(days=5))  # fmt: skip
    workflow.archive(draft, reviewer_user)
    workflow.move_back_to_review(live, reviewer_user)
    for content in (draft, live):
        content.refresh_from_db()
        assert (content.go_live_at, content.take_down_at) == (None, None)
    assert apply_schedule(NOW + datetime.timedelta(minutes=6)).published == []


def test_archived_content_with_a_go_live_time_stays_archived():
    archived = factories.ConditionFactory(status=Status.ARCHIVED, reviewed=True, go_live_at=NOW)
    report = apply_schedule(NOW)
    assert report.published == []
    assert "It is archived" in report.refused[0]
    archived.refresh_from_db()
    assert (archived.status, archived.go_live_at) == (Status.ARCHIVED, None)
