"""Mount instead of ``markdownx.urls``: the same URL names, for content staff only."""

from django.urls import path

from ankle_education import markdownx_views

urlpatterns = [
    path("upload/", markdownx_views.upload_image, name="markdownx_upload"),
    path("markdownify/", markdownx_views.markdownify, name="markdownx_markdownify"),
]
