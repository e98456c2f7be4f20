from django.urls import include, path

from clinic_site.urls import urlpatterns as clinic_urlpatterns

urlpatterns = [
    path("pages/", include("django.contrib.flatpages.urls")),
    path("floor/", include("bench.floor")),
    *clinic_urlpatterns,
]
