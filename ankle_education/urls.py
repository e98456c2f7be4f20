from django.urls import path

from ankle_education.views import pages

app_name = "ankle_education"

urlpatterns = [
    path("", pages.HubView.as_view(), name="hub"),
    path("causes/<slug:slug>/", pages.CategoryDetailView.as_view(), name="category"),
    path("conditions/<slug:slug>/", pages.ConditionDetailView.as_view(), name="condition"),
]
