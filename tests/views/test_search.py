"""The search page (views/search.py): a labelled form, one page of results, and no input can make it fail."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ankle_education.models import Condition
from ankle_education.search import MAX_QUERY_LENGTH
from tests.admin.helpers import admin_url, form_data
from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db


SEARCH_URL = reverse("ankle_education:search")


def test_page_shows_results_with_a_labelled_search_form(client, searchable_content):
    response = client.get(SEARCH_URL, {"q": "swelling"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form class="ankle-search" role="search" method="get"' in html
    assert '<label for="ankle-search-q">Search this guide</label>' in html
    assert 'name="q" value="swelling"' in html
    assert "1 result for “swelling”" in html
    assert f'<a href="{searchable_content["condition"].get_absolute_url()}">Achilles tendinitis</a>' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"other": "x"}])
def test_empty_search_shows_a_friendly_hint(client, params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    assert "Type a word or two about your ankle pain" in response.content.decode()


def test_nothing_found_says_so(client, searchable_content):
    html = client.get(SEARCH_URL, {"q": "zebra"}).content.decode()
    assert "0 results for “zebra”" in html
    assert "Nothing matched." in html


def test_longest_allowed_query_is_answered(client, searchable_content):
    assert client.get(SEARCH_URL, {"q": "a" * MAX_QUERY_LENGTH}).status_code == 200


def test_oversized_query_is_refused_with_a_message(client, searchable_content):
    response = client.get(SEARCH_URL, {"q": "ankle " * 2000})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please shorten your search to 200 characters or fewer." in html
    assert 'aria-invalid="true" aria-describedby="ankle-search-error"' in html


def test_null_character_is_refused_with_a_message(client):
    response = client.get(SEARCH_URL, {"q": "ankle\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE ankle_education_condition; --",
        '" OR 1=1 --',
        "% _ \\",
        "tendinitis & | ! ( ) : * <->",
        "<script>alert(1)</script>",
    ],
)
def test_sql_ish_and_markup_queries_are_harmless(client, searchable_content, query):
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    assert Condition.objects.count() == 3


def test_a_condition_result_says_what_else_it_is_called(client):
    ConditionFactory(name="Stress fracture", also_called="broken bone, hairline fracture")
    ConditionFactory(name="Ankle sprain", summary="It can feel like a broken bone.")
    html = client.get(SEARCH_URL, {"q": "broken bone"}).content.decode()
    assert html.count("Also called") == 1
    assert "Also called: broken bone, hairline fracture" in html
    assert html.index(">Stress fracture</a>") < html.index(">Ankle sprain</a>")


def test_terms_staff_add_in_the_admin_are_found(client, superuser_client):
    condition = ConditionFactory(name="Stress fracture", reviewed=True)
    url = admin_url("condition", "change", condition.pk)
    page = superuser_client.get(url)
    assert 'name="also_called"' in page.content.decode()
    review = {
        "reviewed_by": "Dr Ben Okafor, PT",
        "last_reviewed": timezone.localdate().isoformat(),
        "status": "published",
    }
    response = superuser_client.post(
        url, {**form_data(page), "also_called": "hairline fracture, cracked bone", **review}
    )
    assert response.status_code == 302
    client.logout()
    assert ">Stress fracture</a>" in client.get(SEARCH_URL, {"q": "cracked bones"}).content.decode()


def test_a_search_nothing_has_every_word_of_shows_what_has_some(client, searchable_content):
    html = client.get(SEARCH_URL, {"q": "swollen achilles"}).content.decode()
    assert "No page has all of your words. These pages have some of them." in html
    assert ">Achilles tendinitis</a>" in html
    assert "Nothing matched." not in html
    assert "Draft tendinitis" not in html
    # One word that matches nothing still says so.
    assert "Nothing matched." in client.get(SEARCH_URL, {"q": "zebra"}).content.decode()
