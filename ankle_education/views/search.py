"""The search page: a GET form and one page of results from published content."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from ankle_education.cache_tags import SEARCH
from ankle_education.search import MAX_QUERY_LENGTH, query_words, search
from ankle_education.views.pages import PublicPageMixin


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search this guide"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Please shorten your search to %(limit_value)d characters or fewer."),
        },
    )


class SearchView(PublicPageMixin, TemplateView):
    """Results for ``?q=``; an empty search shows a hint, an unusable one the form with the reason."""

    template_name = "ankle_education/search.html"
    # Results are never cached: "q" is not a cached parameter, so what patients search for is
    # not kept, and random queries cannot fill the cache. Only the empty search page is.

    def get_cache_tags(self) -> set[str]:
        return {SEARCH}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = SearchForm(request.GET or None)
        query = ""
        results = []
        some_words = False  # nothing had them all: these results have some of the words
        if form.is_bound and form.is_valid():
            query = form.cleaned_data["q"]
            results = search(query)
            if not results and len(query_words(query)) > 1:
                results, some_words = search(query, every_word=False), True
        context = self.get_context_data(form=form, query=query, results=results, some_words=some_words)
        # A query we cannot use is answered like any form error: the page again, with the reason.
        return self.render_to_response(context)
