"""markdownx's preview and upload endpoints, closed to everyone but content staff.

Upstream, both are open to anonymous users; the preview does not sanitise and the
upload accepts SVG and trusts the file name. These replace them under the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from markdownx.exceptions import MarkdownxImageUploadError
from markdownx.forms import ImageForm
from PIL import Image, UnidentifiedImageError

from ankle_education.conf import conf
from ankle_education.publishing import has_edit_permission
from ankle_education.registry import part_models, publishable_models
from ankle_education.rendering import MAX_MARKDOWN_CHARACTERS, render_markdown

# Pillow format name → (content type, file extension). Never SVG, never anything that can hold script.
# Pillow names many phone and camera JPEGs "MPO" (multi-picture JPEG); they are stored as plain JPEG.
ALLOWED_IMAGE_FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "MPO": ("image/jpeg", "jpg"),
    "GIF": ("image/gif", "gif"),
}
# What an image costs the server is its pixels once decoded, not its bytes: a PNG of a few
# hundred bytes can declare a billion pixels. Far more than any picture for patients needs.
MAX_UPLOAD_PIXELS = 25_000_000

_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def content_staff_only(view: _View) -> _View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Change permission on any content staff edit (pages and their parts) opens the markdown editor.
        if not any(has_edit_permission(request.user, model) for model in (*publishable_models(), *part_models())):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return cast(_View, wrapped)


def _bad_upload(message: str) -> JsonResponse:
    return JsonResponse({"image": [message]}, status=400)


@require_POST
@content_staff_only
def markdownify(request: HttpRequest) -> HttpResponse:
    """The editor's live preview: the same sanitised HTML the public page shows."""
    content = request.POST.get("content")
    if content is None:
        return HttpResponseBadRequest(_("Nothing to preview: the “content” field is missing."))
    if len(content) > MAX_MARKDOWN_CHARACTERS:
        # It could not be saved either; rendering it could take seconds.
        return HttpResponseBadRequest(_("This text is too long to preview."))
    return HttpResponse(render_markdown(content))


@require_POST
@content_staff_only
def upload_image(request: HttpRequest) -> JsonResponse:
    """Store a PNG, JPEG or GIF that Pillow recognises; refuse everything else with 400."""
    upload = request.FILES.get("image")
    if upload is None:
        return _bad_upload(_("Choose an image file to upload."))
    if cast(int, upload.size) > conf.MAX_UPLOAD_BYTES:  # None only for a file not uploaded
        return _bad_upload(
            _("This image is too large. The limit is %(limit)s KB.") % {"limit": conf.MAX_UPLOAD_BYTES // 1024}
        )
    too_many_pixels = _("This image has too many pixels. The limit is %(limit)s megapixels.") % {
        "limit": MAX_UPLOAD_PIXELS // 1_000_000
    }
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size  # read from the header: nothing is decoded yet
            if width * height > MAX_UPLOAD_PIXELS:
                return _bad_upload(too_many_pixels)
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses past about 179 megapixels before we see the size (and warns past 89,
        # an exception where warnings are errors).
        return _bad_upload(too_many_pixels)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    if image_format not in ALLOWED_IMAGE_FORMATS:
        return _bad_upload(_("Only PNG, JPEG and GIF images can be uploaded."))
    upload.seek(0)
    # Name and type come from the content, not from what the browser claimed,
    # so a file can never be stored (and later served) as HTML or SVG.
    upload.content_type, extension = ALLOWED_IMAGE_FORMATS[image_format]
    upload.name = f"image.{extension}"
    form = ImageForm(files={"image": upload})
    try:
        # markdownx decodes the whole image to resize it: a truncated or corrupt file fails only here.
        stored_url = form.save(commit=True) if form.is_valid() else None
    except (OSError, ValueError, SyntaxError, MarkdownxImageUploadError):
        stored_url = None
    if stored_url is None:
        return _bad_upload(_("This image could not be read."))
    # The placeholder alt text prompts the editor to describe the image for screen readers.
    alt = _("Describe this image")
    return JsonResponse({"image_code": f"![{alt}]({stored_url})"})
