"""The example clinic's own pages: a home page, a demo booking page, and what crawlers and browsers ask for."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control

FAVICON_REDIRECT_SECONDS = 24 * 60 * 60


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "clinic_site/home.html")


def booking(request: HttpRequest, same_day: bool = False) -> HttpResponse:
    """A stand-in for the clinic's booking system: shows the context the link carried."""
    return render(
        request,
        "clinic_site/booking.html",
        {
            "same_day": same_day,
            "condition_slug": request.GET.get("condition", ""),
            "urgency": request.GET.get("urgency", ""),
        },
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers: the sitemap, and no admin or booking pages (a crawled booking link would count as a click)."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('booking')}",
        f"Disallow: {reverse('ankle_education:book')}",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's): send them to the site's icon.

    Not a permanent redirect: browsers keep those for good, and a hashed static name changes with the file.
    """
    response = HttpResponseRedirect(static("clinic_site/favicon.svg"))
    patch_cache_control(response, max_age=FAVICON_REDIRECT_SECONDS)
    return response
