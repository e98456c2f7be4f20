from django.urls import path

from ankle_education.views import booking_redirect, checklist, pages, preview, search

app_name = "ankle_education"

urlpatterns = [
    path("", pages.HubView.as_view(), name="hub"),
    path("causes/<slug:slug>/", pages.CategoryDetailView.as_view(), name="category"),
    path("conditions/", pages.ConditionListView.as_view(), name="condition_list"),
    path("conditions/<slug:slug>/", pages.ConditionDetailView.as_view(), name="condition"),
    path("prevention/", pages.PreventionListView.as_view(), name="prevention_list"),
    path("prevention/<slug:slug>/", pages.PreventionTipDetailView.as_view(), name="prevention_tip"),
    path("treatment/", pages.TreatmentLadderView.as_view(), name="treatment"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("preview/<str:kind>/<int:pk>/", preview.preview, name="preview"),
    path("seek-help/", checklist.SeekHelpView.as_view(), name="seek_help"),
    path("conditions/<slug:slug>/seek-help/", checklist.SeekHelpView.as_view(), name="condition_seek_help"),
    path("book/", booking_redirect.book, name="book"),
]
