"""The example clinic's own pages: a home page and a demo booking page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
