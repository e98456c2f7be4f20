"""markdownx's preview and upload endpoints, closed to everyone but content staff.

Upstream, both are open to anonymous users; the preview does not sanitise and the
upload accepts SVG and trusts the file name. These replace them under the same names.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from markdownx.exceptions import MarkdownxImageUploadError
from markdownx.forms import ImageForm
from PIL import GifImagePlugin, Image, UnidentifiedImageError

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
# A GIF is written afresh, which decodes every frame, so an animation's frames together are held to the
# same cap as one still: that is 100 frames of a 500 × 500 exercise demonstration, and it keeps the memory
# an upload takes where it was. Measured peaks: a 25-megapixel PNG through markdownx about 200 MB; the
# costliest animation under the cap (2 frames of 12.5 megapixels) about 240 MB, 50 frames of 1000 × 500
# about 40 MB. markdownx re-encodes only the first frame of a PNG or JPEG (an animated PNG, a multi-picture
# JPEG), so only that frame is decoded and counted.
MAX_UPLOAD_PIXELS = 25_000_000
# Each frame also costs time to decode and re-encode, however small: 1,000 frames play for 40 seconds at
# 25 a second, longer than any animation for patients, and re-encode in about a second.
MAX_UPLOAD_FRAMES = 1_000
# What Pillow raises reading a file of a format it recognised but cannot decode (truncated, malformed).
# Its GIF writer can also trip its own assertions, or fail on types, over frames read from a malformed file.
_UNREADABLE = (OSError, EOFError, ValueError, SyntaxError, IndexError, struct.error, TypeError, AssertionError)

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


class _Refused(Exception):
    """An upload refused before it is decoded any further; ``message`` tells the editor why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _too_many_pixels(frame_count: int = 1) -> str:
    limit = {"limit": MAX_UPLOAD_PIXELS // 1_000_000}
    if frame_count > 1:
        return (
            _("This animation has too many pixels: its frames together may have at most %(limit)s megapixels.") % limit
        )
    return _("This image has too many pixels. The limit is %(limit)s megapixels.") % limit


def _rewritten_gif(gif: GifImagePlugin.GifImageFile) -> bytes:
    """The GIF written afresh: every frame, with its duration and disposal, the loop count and transparency.

    Nothing else survives: no comment, no application extension, nothing after the image's end (where
    a file can carry HTML for a browser that sniffs it). Raises ``_Refused`` before decoding past a cap.
    """
    frame_count = gif.n_frames  # Pillow walks the frames' headers for this, decoding nothing
    if frame_count > MAX_UPLOAD_FRAMES:
        raise _Refused(
            _("This animation has too many frames. The limit is %(limit)s frames.") % {"limit": MAX_UPLOAD_FRAMES}
        )
    disposals = []
    for index in range(frame_count):
        # Seeking reads this frame's header and decodes only the frame before. A frame may reach past the
        # logical screen, and the canvas then grows to fit it; every frame is decoded onto the largest
        # canvas when the GIF is written, so that canvas counts once for each frame.
        gif.seek(index)
        if gif.width * gif.height * frame_count > MAX_UPLOAD_PIXELS:
            raise _Refused(_too_many_pixels(frame_count))
        disposals.append(gif.disposal_method)
    gif.seek(0)
    output = io.BytesIO()
    # Pillow would copy the first frame's comment: an empty one writes none. It takes one disposal for
    # every frame or a list of them, but only a single one for a single frame.
    try:
        gif.save(output, "GIF", save_all=True, comment=b"", disposal=disposals if frame_count > 1 else 0)
    except TypeError:
        # Pillow writes a frame identical to the one before as one, with both durations; when a single
        # frame is left, it fails on the list of disposals, which a single frame does not need.
        output = io.BytesIO()
        gif.save(output, "GIF", save_all=True, comment=b"")
    return output.getvalue()


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
    """Store a PNG, JPEG or GIF that Pillow recognises, written afresh; refuse everything else with 400."""
    upload = request.FILES.get("image")
    if upload is None:
        return _bad_upload(_("Choose an image file to upload."))
    if cast(int, upload.size) > conf.MAX_UPLOAD_BYTES:  # None only for a file not uploaded
        return _bad_upload(
            _("This image is too large. The limit is %(limit)s KB.") % {"limit": conf.MAX_UPLOAD_BYTES // 1024}
        )
    rewritten_gif = None
    try:
        with Image.open(upload) as image:
            image_format = image.format
            if image_format not in ALLOWED_IMAGE_FORMATS:
                return _bad_upload(_("Only PNG, JPEG and GIF images can be uploaded."))
            if isinstance(image, GifImagePlugin.GifImageFile):
                # markdownx would store a GIF byte for byte; PNG and JPEG it re-encodes.
                rewritten_gif = _rewritten_gif(image)
            else:
                width, height = image.size  # read from the header: nothing is decoded yet
                if width * height > MAX_UPLOAD_PIXELS:
                    return _bad_upload(_too_many_pixels())
                image.verify()
    except _Refused as refusal:
        return _bad_upload(refusal.message)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses past about 179 megapixels before we see the size (and warns past 89,
        # an exception where warnings are errors).
        return _bad_upload(_too_many_pixels())
    except UnidentifiedImageError:
        return _bad_upload(_("Only PNG, JPEG and GIF images can be uploaded."))
    except _UNREADABLE:
        return _bad_upload(_("This image could not be read."))
    # Name and type come from the content, not from what the browser claimed,
    # so a file can never be stored (and later served) as HTML or SVG.
    content_type, extension = ALLOWED_IMAGE_FORMATS[image_format]
    image_file: UploadedFile[Any]
    if rewritten_gif is None:
        upload.seek(0)
        upload.content_type, upload.name = content_type, f"image.{extension}"
        image_file = upload
    else:
        image_file = SimpleUploadedFile(f"image.{extension}", rewritten_gif, content_type)
    form = ImageForm(files={"image": image_file})
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
