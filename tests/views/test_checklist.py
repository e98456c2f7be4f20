"""The checklist pages (views/checklist.py): GET shows the form, POST answers on the same URL."""

from __future__ import annotations

import logging
import re
from itertools import chain, combinations

import pytest
from django.test import Client
from django.views.debug import SafeExceptionReporterFilter

from ankle_education.answers import answer_for
from ankle_education.models import BookingClick
from ankle_education.urgency import SIGN_LEVELS, Level
from tests.factories import ConditionFactory, ConditionWarningSignFactory, WarningSignFactory
from tests.quality import nu_html_errors

pytestmark = pytest.mark.django_db

# The condition, its signs and their sources; nothing per sign.
QUERY_BUDGET = 3
GENERAL_URL = "/patient-education/ankle/seek-help/"


def condition_url(condition) -> str:
    return f"/patient-education/ankle/conditions/{condition.slug}/seek-help/"


def answers(signs) -> dict:
    """The post of a patient who ticked ``signs``, or "None of these" when there are none."""
    data = {"checklist": "1", "sign": [str(sign.pk) for sign in signs]}
    if not signs:
        data["none"] = "1"
    return data


def answer_tags(client, url, signs, tags_inside):
    response = client.post(url, answers(signs))
    assert response.status_code == 200
    html = response.content.decode()
    return response, html, tags_inside(html, "ankle-answer")


def all_hrefs(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]*)"', html)


@pytest.fixture
def two_signs_per_level():
    """A condition whose checklist has two signs of each level, one general and one its own."""
    condition = ConditionFactory(slug="ankle-sprain")
    signs = []
    for level in (Level.ROUTINE.slug, Level.URGENT.slug, Level.EMERGENCY.slug):
        signs.append(WarningSignFactory(urgency=level, text=f"General {level} sign"))
        signs.append(
            ConditionWarningSignFactory(
                condition=condition, warning_sign__urgency=level, warning_sign__text=f"Own {level} sign"
            ).warning_sign
        )
    return condition, signs


def test_form_page_lists_signs_as_labelled_checkboxes(client, two_signs_per_level):
    condition, signs = two_signs_per_level
    response = client.get(condition_url(condition))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert '<legend class="ankle-checklist__legend">Which of these do you have now?</legend>' in html
    # One group per level, most urgent first, then "None of these" last.
    legends = re.findall(r'<legend class="ankle-checklist__group-legend">([^<]*)</legend>', html)
    assert legends == ["Emergency signs", "Signs to get seen today", "Signs to book an appointment"]
    assert html.index("Own emergency sign") < html.index("General urgent sign") < html.index("General routine sign")
    assert html.index("General routine sign") < html.index('id="ankle-none"')
    assert '<input class="ankle-checklist__input" type="checkbox" name="none" value="1" id="ankle-none"' in html
    assert '<label class="ankle-checklist__label" for="ankle-none">None of these</label>' in html
    assert f'action="{condition_url(condition)}"' in html
    assert 'method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert html.count('<input type="hidden" name="checklist" value="1">') == 1
    for sign in signs:
        assert f'name="sign" value="{sign.pk}" id="ankle-sign-{sign.pk}"' in html
        assert f'<label class="ankle-checklist__label" for="ankle-sign-{sign.pk}">{sign.text}</label>' in html


def test_general_page_shows_only_general_signs(client, two_signs_per_level):
    html = client.get(GENERAL_URL).content.decode()
    assert html.count('type="checkbox"') == 4  # three signs and "None of these"
    assert "Own routine sign" not in html
    assert "General routine sign" in html


def test_sign_explanation_describes_its_checkbox(client):
    sign = WarningSignFactory(explanation="This can mean a broken bone.")
    html = client.get(GENERAL_URL).content.decode()
    assert f'aria-describedby="ankle-sign-{sign.pk}-hint"' in html
    assert f'<p class="ankle-checklist__hint" id="ankle-sign-{sign.pk}-hint">This can mean a broken bone.</p>' in html


def test_empty_checklist_shows_a_message_and_refuses_answers(client):
    html = client.get(GENERAL_URL).content.decode()
    assert "<form" not in html
    assert "have not been published yet" in html
    # A form shown before the last sign was unpublished still posts the marker.
    response = client.post(GENERAL_URL, {"checklist": "1"})
    assert response.status_code == 400
    assert "no warning signs yet" in response.content.decode()


@pytest.mark.parametrize("kind", ["unknown", "draft", "draft-category"])
def test_condition_checklist_404_unless_public(client, kind):
    if kind == "unknown":
        url = "/patient-education/ankle/conditions/no-such-condition/seek-help/"
    elif kind == "draft":
        url = condition_url(ConditionFactory(draft=True))
    else:
        url = condition_url(ConditionFactory(category__draft=True))
    WarningSignFactory()
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_every_combination_answers_the_most_urgent_and_emergency_has_no_link(client, two_signs_per_level, tags_inside):
    condition, signs = two_signs_per_level
    checked = 0
    for ticked in chain.from_iterable(combinations(signs, size) for size in range(len(signs) + 1)):
        level = max((sign.level for sign in ticked), default=Level.SELF_CARE)
        _response, html, tags = answer_tags(client, condition_url(condition), ticked, tags_inside)
        assert f"ankle-card--{level.slug} ankle-answer" in html
        assert (
            f'<span class="ankle-card__label">{answer_for(level).label}</span> {answer_for(level).heading}</h1>' in html
        )
        links = [attrs["href"] for tag, attrs in tags if tag == "a"]
        if level is Level.EMERGENCY:
            assert links == ["tel:911"], ticked
            # Nothing else of the app's page links anywhere either.
            app_page = html[html.index('<div class="ankle-education">') : html.index("</main>")]
            assert all_hrefs(app_page) == ["tel:911"], ticked
            # And the host's header and footer offer no booking or clinic phone either (ankle_emergency).
            assert not [href for href in all_hrefs(html) if "/book" in href or href == "tel:+15550100"], ticked
        elif level is Level.SELF_CARE:
            assert not any("/book/" in link for link in links)
        else:
            assert links == [f"/patient-education/ankle/book/?condition=ankle-sprain&urgency={level.slug}"]
        for sign in ticked:
            assert f"<li>{sign.text}</li>" in html
        checked += 1
    assert checked == 2**6


def test_emergency_answer_names_the_configured_number_and_has_nothing_to_click(client, settings, tags_inside):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "EMERGENCY_NUMBER": "112"}
    sign = WarningSignFactory(urgency=Level.EMERGENCY.slug)
    _response, html, tags = answer_tags(client, GENERAL_URL, [sign], tags_inside)
    assert "Call 112 or go to the emergency department now</h1>" in html
    # One thing to do: tap to call.
    assert [(tag, attrs.get("href")) for tag, attrs in tags if tag in {"a", "form", "button", "area"}] == [
        ("a", "tel:112")
    ]
    assert '<a class="ankle-action__link" href="tel:112">Call 112</a>' in html


def test_self_care_answer_gives_home_care_prevention_and_recheck(client, tags_inside):
    WarningSignFactory()
    _response, html, tags = answer_tags(client, GENERAL_URL, [], tags_inside)
    for step in ("rest it and do not run", "ice pack", "bandage", "Raise your foot", "avoid heat, alcohol and massage",
                 "start to move it gently", "acetaminophen or an ibuprofen gel first", "over 65",
                 "not better within a week"):
        assert step in html
    assert "You told us none of the warning signs apply to you" in html
    assert [attrs["href"] for tag, attrs in tags if tag == "a"] == ["/patient-education/ankle/treatment/"]
    assert GENERAL_URL in all_hrefs(html)
    assert "/patient-education/ankle/prevention/" in all_hrefs(html)


def test_urgent_answer_without_same_day_page_offers_the_clinic_phone(client, settings, tags_inside):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "URGENT_BOOKING_URL": None}
    sign = WarningSignFactory(urgency=Level.URGENT.slug)
    _response, html, tags = answer_tags(client, GENERAL_URL, [sign], tags_inside)
    assert [attrs["href"] for tag, attrs in tags if tag == "a"] == ["tel:+15550100"]
    assert "Call the clinic on +1 555 0100" in html


def test_answer_is_not_cached_stored_or_leaked(client, caplog, two_signs_per_level):
    condition, signs = two_signs_per_level
    caplog.set_level(logging.DEBUG)
    response = client.post(condition_url(condition), {"checklist": "1", "sign": [str(signs[0].pk)]})
    assert set(response["Cache-Control"].split(", ")) == {"no-store", "private"}
    assert response["Referrer-Policy"] == "same-origin"
    assert "sessionid" not in response.cookies
    assert BookingClick.objects.count() == 0
    assert signs[0].text not in caplog.text
    assert f"sign={signs[0].pk}" not in caplog.text
    assert 'rel="nofollow noopener noreferrer"' in response.content.decode()


def test_ticked_answers_are_masked_in_error_reports(client, two_signs_per_level):
    condition, signs = two_signs_per_level
    response = client.post(condition_url(condition), {"checklist": "1", "sign": [str(signs[-1].pk)], "other": "kept"})
    request = response.wsgi_request
    assert request.sensitive_post_parameters == ("sign", "none")
    reported = SafeExceptionReporterFilter().get_post_parameters(request)
    assert reported["sign"] == SafeExceptionReporterFilter.cleansed_substitute
    assert reported["other"] == "kept"


def test_emergency_answer_page_links_to_no_booking_page_anywhere(client, two_signs_per_level):
    """The example site's header hides its "Book an appointment" link (and its phone) on an emergency answer."""
    condition, signs = two_signs_per_level
    routine, emergency = signs[0], signs[-1]
    html = client.post(
        condition_url(condition), {"checklist": "1", "sign": [str(emergency.pk), str(routine.pk)]}
    ).content.decode()
    assert "Immediate action required:" in html
    booking = [href for href in all_hrefs(html) if "/book" in href or href == "tel:+15550100"]
    assert booking == []
    # Only the host's way around its own site is left (skip link, home, the hub), and the call.
    assert sorted(all_hrefs(html)) == sorted(["#main", "/", "/", "/patient-education/ankle/", "tel:911"])

    routine_html = client.post(condition_url(condition), {"checklist": "1", "sign": [str(routine.pk)]}).content.decode()
    assert "/book/" in all_hrefs(routine_html)
    assert "tel:+15550100" in all_hrefs(routine_html)


@pytest.mark.parametrize(("with_condition", "title"), [(False, "When to get help"), (True, "When to get help: Sprain")])
def test_form_and_answer_pages_have_canonical_url_and_open_graph(client, with_condition, title):
    condition = ConditionFactory(name="Sprain", slug="sprain") if with_condition else None
    sign = WarningSignFactory(urgency=Level.ROUTINE.slug)
    url = condition_url(condition) if condition else GENERAL_URL
    form = client.get(f"{url}?utm_source=newsletter").content.decode()
    answer = client.post(url, {"checklist": "1", "sign": [str(sign.pk)]}).content.decode()
    for html in (form, answer):
        assert f'<link rel="canonical" href="http://testserver{url}">' in html
        assert f'<meta property="og:url" content="http://testserver{url}">' in html
        assert f'<meta property="og:title" content="{title}">' in html
        assert '<meta property="og:description" content="Tick the signs that apply to your ankle' in html
        assert '<meta name="description" content="Tick the signs that apply to your ankle' in html
    assert '<meta name="robots" content="noindex">' in answer
    assert "noindex" not in form
    assert f"<title>{title} | Riverside Running Clinic</title>" in form


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["abc"], "not a number"),
        (["999999"], "not on this checklist"),
        ([str(n) for n in range(1000)], "More answers were sent"),
    ],
)
def test_tampered_posts_are_400_with_a_message_and_no_answer(client, two_signs_per_level, values, message):
    condition, _signs = two_signs_per_level
    response = client.post(condition_url(condition), {"checklist": "1", "sign": values})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Your answers could not be read" in html
    assert 'id="ankle-answer"' not in html
    assert set(response["Cache-Control"].split(", ")) == {"no-store", "private"}


@pytest.mark.parametrize("sent", [None, "", "0", "yes"])
@pytest.mark.parametrize("ticked", [False, True])
def test_a_post_our_form_did_not_send_is_400_never_a_self_care_answer(client, two_signs_per_level, sent, ticked):
    # An empty or cut-off body would otherwise read as "nothing ticked", which answers self-care.
    condition, signs = two_signs_per_level
    data = {"sign": [str(signs[-1].pk)]} if ticked else {}
    if sent is not None:
        data["checklist"] = sent
    response = client.post(condition_url(condition), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The checklist did not arrive in full." in html
    assert 'id="ankle-answer"' not in html


def test_tampered_sign_of_another_condition_draft_or_duplicate_is_400(client, two_signs_per_level):
    condition, signs = two_signs_per_level
    other = ConditionWarningSignFactory(warning_sign__urgency=Level.ROUTINE.slug).warning_sign
    draft = WarningSignFactory(draft=True, urgency=Level.ROUTINE.slug)
    emergency = signs[-1]
    for values in ([other.pk], [draft.pk], [emergency.pk, emergency.pk], [other.pk, emergency.pk]):
        response = client.post(condition_url(condition), {"checklist": "1", "sign": [str(value) for value in values]})
        assert response.status_code == 400, values
        assert 'id="ankle-answer"' not in response.content.decode()


def test_condition_sign_is_refused_on_the_general_checklist(client, two_signs_per_level):
    _condition, signs = two_signs_per_level
    own_emergency = signs[-1]
    assert client.post(GENERAL_URL, {"checklist": "1", "sign": [str(own_emergency.pk)]}).status_code == 400


def test_more_fields_than_django_accepts_is_400_not_500(client, two_signs_per_level):
    condition, _ = two_signs_per_level
    response = client.post(condition_url(condition), {"checklist": "1", "sign": [str(n) for n in range(5000)]})
    assert response.status_code == 400
    assert "More answers were sent than this checklist has signs." in response.content.decode()


def test_post_without_csrf_token_is_403(two_signs_per_level):
    condition, signs = two_signs_per_level
    response = Client(enforce_csrf_checks=True).post(
        condition_url(condition), {"checklist": "1", "sign": [str(signs[0].pk)]}
    )
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()  # views/csrf.py; tests/views/test_csrf.py


def test_post_with_csrf_token_from_the_form_answers(two_signs_per_level):
    condition, signs = two_signs_per_level
    browser = Client(enforce_csrf_checks=True)
    browser.get(condition_url(condition))
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        condition_url(condition), {"checklist": "1", "sign": [str(signs[-1].pk)], "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
    assert "Immediate action required:" in response.content.decode()


def test_other_methods_are_405(client, two_signs_per_level):
    assert client.put(GENERAL_URL).status_code == 405
    assert client.delete(GENERAL_URL).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_queries_do_not_grow_with_signs(client, django_assert_max_num_queries, count):
    condition = ConditionFactory()
    signs = [WarningSignFactory() for _ in range(count)]
    for _ in range(count):
        ConditionWarningSignFactory(condition=condition)
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(condition_url(condition)).status_code == 200
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.post(condition_url(condition), {"checklist": "1", "sign": [str(sign.pk) for sign in signs]})
        assert response.status_code == 200


def test_pages_are_valid_html_without_inline_script_or_style(client, settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "URGENT_BOOKING_URL": None}
    condition = ConditionFactory()
    signs = {level: WarningSignFactory(urgency=level, explanation="Why it matters.") for level in [level.slug for level in SIGN_LEVELS]}
    documents = {
        "form": client.get(condition_url(condition)).content.decode(),
        "error": client.post(condition_url(condition), {"checklist": "1", "sign": ["x"]}).content.decode(),
        "self-care": client.post(condition_url(condition), {"checklist": "1", "none": "1"}).content.decode(),
        "nothing ticked": client.post(condition_url(condition), {"checklist": "1"}).content.decode(),
    }
    for level, sign in signs.items():
        documents[level] = client.post(
            condition_url(condition), {"checklist": "1", "sign": [str(sign.pk)]}
        ).content.decode()
    for name, html in documents.items():
        assert "style=" not in html, name
        assert "<style" not in html, name
        # Scripts only from the app's static files, never inline.
        assert re.findall(r"<script(?! src=)(?! type=\"application/ld\+json\")", html) == [], name
    assert nu_html_errors(documents) == {}


def test_nothing_ticked_asks_again_and_never_guesses(client, two_signs_per_level):
    condition, _ = two_signs_per_level
    response = client.post(condition_url(condition), {"checklist": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ankle-answer"' not in html
    assert '<div class="ankle-error" role="alert">' in html
    assert "Tick the signs you have, or tick “None of these”." in html
    assert '<form class="ankle-checklist"' in html
    assert set(response["Cache-Control"].split(", ")) == {"no-store", "private"}


def test_none_of_these_alone_is_self_care(client, two_signs_per_level):
    condition, _ = two_signs_per_level
    html = client.post(condition_url(condition), {"checklist": "1", "none": "1"}).content.decode()
    assert 'ankle-card--self-care ankle-answer"' in html


@pytest.mark.parametrize("level", [Level.ROUTINE.slug, Level.URGENT.slug, Level.EMERGENCY.slug])
def test_a_sign_ticked_with_none_of_these_follows_the_sign(client, two_signs_per_level, level):
    """Without JavaScript the form can send both; the patient has a sign, so the sign decides."""
    condition, signs = two_signs_per_level
    sign = next(sign for sign in signs if sign.urgency == level)
    html = client.post(condition_url(condition), {"checklist": "1", "none": "1", "sign": [str(sign.pk)]}).content.decode()
    assert f'ankle-card--{level} ankle-answer"' in html


@pytest.mark.parametrize("none", [["0"], ["yes"], [""], ["1", "2"]])
def test_a_none_of_these_value_the_form_cannot_send_is_400(client, two_signs_per_level, none):
    condition, _ = two_signs_per_level
    response = client.post(condition_url(condition), {"checklist": "1", "none": none})
    assert response.status_code == 400
    assert "“None of these” was sent in a way this checklist cannot send it." in response.content.decode()


@pytest.mark.parametrize("data", [{"sign": ["1"]}, {"checklist": "1", "sign": ["abc"]}, {"checklist": "1", "none": "2"}])
def test_an_answer_that_could_not_be_read_asks_to_tick_again_once(client, two_signs_per_level, data):
    condition, _ = two_signs_per_level
    response = client.post(condition_url(condition), data)
    assert response.status_code == 400
    alert = re.search(r'<div class="ankle-error" role="alert">(.*?)</div>', response.content.decode(), re.S)
    assert alert is not None
    assert alert[1].count("again") == 1, alert[1]
