"""The markdownx preview and upload endpoints: content staff only, sanitised, images only."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ankle_education import markdownx_views

pytestmark = pytest.mark.django_db

PREVIEW = "/markdownx/markdownify/"
UPLOAD = "/markdownx/upload/"


def image_bytes(image_format: str, size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, image_format)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims ``width`` × ``height`` pixels."""
    png = image_bytes("PNG", (1, 1))
    # The IHDR chunk follows the 8-byte signature: length, type, 13 bytes of data, CRC.
    header = struct.pack(">II", width, height) + png[24:29]
    return png[:16] + header + struct.pack(">I", zlib.crc32(b"IHDR" + header)) + png[33:]


def stored_files() -> list[str]:
    return default_storage.listdir("markdownx")[1] if default_storage.exists("markdownx") else []


@pytest.fixture
def content_staff_client(client, django_user_model):
    """The test client, logged in as staff whose one permission is to change conditions."""
    user = django_user_model.objects.create_user("editor", password="password", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_condition"))
    client.force_login(user)
    return client


def upload(client, name: str, content: bytes, content_type: str):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(UPLOAD, {"image": file}, headers={"x-requested-with": "XMLHttpRequest"})


def test_urls_keep_markdownx_names():
    assert reverse("markdownx_markdownify") == PREVIEW
    assert reverse("markdownx_upload") == UPLOAD


def test_anonymous_preview_refused(client):
    assert client.post(PREVIEW, {"content": "hello"}).status_code == 403


def test_anonymous_upload_refused(client):
    assert upload(client, "a.png", image_bytes("PNG"), "image/png").status_code == 403
    assert stored_files() == []


def test_staff_without_change_permission_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("viewer", password="p", is_staff=True))
    assert client.post(PREVIEW, {"content": "hello"}).status_code == 403


def test_staff_without_change_permission_cannot_upload(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="p", is_staff=True)
    # Seeing and adding content, or changing another app's models, does not open the editor.
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_condition", "add_condition", "view_category", "change_user"])
    )
    client.force_login(user)
    assert upload(client, "a.png", image_bytes("PNG"), "image/png").status_code == 403
    assert stored_files() == []


def test_preview_is_sanitised_for_editor(content_staff_client):
    response = content_staff_client.post(PREVIEW, {"content": "**Rest** <script>alert(1)</script>"})
    assert response.status_code == 200
    assert response.content.decode() == "<p><strong>Rest</strong> </p>"


def test_preview_get_not_allowed(content_staff_client):
    assert content_staff_client.get(PREVIEW).status_code == 405


def test_preview_without_content_is_400(content_staff_client):
    response = content_staff_client.post(PREVIEW, {})
    assert response.status_code == 400
    assert b"missing" in response.content


def test_preview_too_long_to_save_is_400_and_not_rendered(content_staff_client):
    # Thousands of unclosed "[" take Markdown seconds at 10,000 characters and minutes at 100,000.
    assert content_staff_client.post(PREVIEW, {"content": "[a " * 3334}).status_code == 400
    assert content_staff_client.post(PREVIEW, {"content": "x" * 10_000}).status_code == 200


@pytest.mark.parametrize(("image_format", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif")])
def test_real_images_are_stored(content_staff_client, image_format, extension):
    response = upload(
        content_staff_client, f"photo.{extension}", image_bytes(image_format), f"image/{image_format.lower()}"
    )
    assert response.status_code == 200, response.content
    code = response.json()["image_code"]
    # The editor is prompted to write the alt text; an empty one would hide the image from screen readers.
    assert code.startswith("![Describe this image](")
    assert code.endswith(f".{extension})")
    assert len(stored_files()) == 1


def test_html_renamed_png_is_400_and_stores_nothing(content_staff_client):
    response = upload(content_staff_client, "evil.png", b"<html><script>alert(1)</script></html>", "image/png")
    assert response.status_code == 400
    assert "PNG, JPEG and GIF" in response.json()["image"][0]
    assert stored_files() == []


def test_svg_is_400_and_stores_nothing(content_staff_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="8" height="8"/></svg>'
    response = upload(content_staff_client, "drawing.svg", svg, "image/svg+xml")
    assert response.status_code == 400
    assert response.json() == {"image": ["Only PNG, JPEG and GIF images can be uploaded."]}
    assert stored_files() == []


def test_multi_picture_jpeg_is_stored_as_jpeg(content_staff_client):
    # Many phone and camera JPEGs carry a second picture; Pillow reads them as "MPO".
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(
        buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (8, 8), "blue")]
    )
    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        assert (image.format, image.n_frames) == ("MPO", 2)
    response = upload(content_staff_client, "IMG_0001.JPG", buffer.getvalue(), "image/jpeg")
    assert response.status_code == 200, response.content
    assert response.json()["image_code"].endswith(".jpg)")
    [name] = stored_files()
    with default_storage.open(f"markdownx/{name}") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"


def test_png_named_html_is_stored_as_png(content_staff_client):
    response = upload(content_staff_client, "page.html", image_bytes("PNG"), "text/html")
    assert response.status_code == 200
    assert response.json()["image_code"].endswith(".png)")


def test_oversized_upload_is_400(content_staff_client, settings):
    settings.ANKLE_EDUCATION = {**settings.ANKLE_EDUCATION, "MAX_UPLOAD_BYTES": 100}
    response = upload(content_staff_client, "big.png", image_bytes("PNG") + b"\0" * 200, "image/png")
    assert response.status_code == 400
    assert "too large" in response.json()["image"][0]
    assert stored_files() == []


def test_missing_file_is_400(content_staff_client):
    assert content_staff_client.post(UPLOAD, {}).status_code == 400


def test_png_declaring_a_decompression_bomb_is_400(content_staff_client):
    bomb = png_declaring(30_000, 30_000)
    assert len(bomb) < 100
    response = upload(content_staff_client, "bomb.png", bomb, "image/png")
    assert response.status_code == 400
    assert response.json()["image"] == ["This image has too many pixels. The limit is 25 megapixels."]
    assert stored_files() == []


def test_png_over_the_pixel_cap_is_400_before_decoding(content_staff_client):
    # 30 megapixels: under Pillow's own guard, over ours.
    response = upload(content_staff_client, "huge.png", png_declaring(6_000, 5_000), "image/png")
    assert response.status_code == 400
    assert "too many pixels" in response.json()["image"][0]
    assert stored_files() == []


def test_pixel_cap_counts_width_times_height(content_staff_client, monkeypatch):
    monkeypatch.setattr(markdownx_views, "MAX_UPLOAD_PIXELS", 64)
    assert upload(content_staff_client, "fits.png", image_bytes("PNG", (8, 8)), "image/png").status_code == 200
    assert upload(content_staff_client, "over.gif", image_bytes("GIF", (13, 5)), "image/gif").status_code == 400
    assert len(stored_files()) == 1


def test_truncated_jpeg_is_400_and_stores_nothing(content_staff_client):
    whole = image_bytes("JPEG")
    response = upload(content_staff_client, "cut.jpg", whole[: len(whole) // 2], "image/jpeg")
    assert response.status_code == 400
    assert stored_files() == []
