from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from ankle_education.conf import conf
from ankle_education.sitemaps import sitemap
from ankle_education.sitemaps import sitemaps as ankle_sitemaps
from clinic_site import views

# The admin speaks for the clinic, not for Django.
admin.site.site_header = conf.SITE_NAME
admin.site.site_title = f"{conf.SITE_NAME} admin"
admin.site.index_title = f"{conf.SITE_NAME} administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("book/", views.booking, name="booking"),
    path("book/same-day/", views.booking, {"same_day": True}, name="booking-same-day"),
    path("admin/", admin.site.urls),
    path("markdownx/", include("ankle_education.markdownx_urls")),
    path("patient-education/ankle/", include("ankle_education.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": ankle_sitemaps}, name="django.contrib.sitemaps.views.sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
