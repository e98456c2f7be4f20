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
from PIL import GifImagePlugin, Image, ImageSequence

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


def animated_gif(frame_count: int, size: tuple[int, int] = (8, 8), **options) -> bytes:
    """A GIF of ``frame_count`` frames, each its own colour (Pillow merges a frame identical to the one before)."""
    frames = [Image.new("RGB", size, (index % 256, index // 256, 0)) for index in range(frame_count)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], **options)
    return buffer.getvalue()


def gif_declaring(width: int, height: int, frame_count: int) -> bytes:
    """An animation of 1 × 1 frames whose logical screen claims ``width`` × ``height`` pixels."""
    gif = bytearray(animated_gif(frame_count, (1, 1)))
    gif[6:10] = struct.pack("<HH", width, height)  # after the 6-byte signature, little-endian
    return bytes(gif)


def gif_with_last_frame_reaching(width: int, height: int) -> bytes:
    """A 1 × 1 animation of two frames whose second frame claims ``width`` × ``height``: readers grow the canvas."""
    gif = bytearray(animated_gif(2, (1, 1)))
    # An image descriptor: ",", left and top, width and height (little-endian), then flags.
    descriptor = gif.rindex(b",\0\0\0\0\1\0\1\0")
    assert descriptor > gif.index(b",")
    gif[descriptor + 5 : descriptor + 9] = struct.pack("<HH", width, height)
    return bytes(gif)


def moving_dot_gif() -> bytes:
    """A dot moving over a transparent background, each frame cleared after it is shown (disposal 2)."""
    frames = []
    for index in range(3):
        frame = Image.new("P", (8, 8), 0)
        frame.putpalette([255, 255, 255, 255, 0, 0, 0, 0, 255])
        frame.paste(1 + index % 2, (2 * index, 2 * index, 2 * index + 3, 2 * index + 3))
        frames.append(frame)
    buffer = io.BytesIO()
    options = {"duration": [100, 200, 300], "loop": 0, "disposal": 2, "transparency": 0}
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], **options)
    return buffer.getvalue()


def shown_frames(gif: bytes) -> list[tuple[int, bytes]]:
    """Each frame's duration and its pixels as a browser shows them on a white page."""
    with Image.open(io.BytesIO(gif)) as image:
        page = Image.new("RGBA", image.size, "white")
        return [
            (frame.info["duration"], Image.alpha_composite(page, frame.convert("RGBA")).tobytes())
            for frame in ImageSequence.Iterator(image)
        ]


def stored_files() -> list[str]:
    return default_storage.listdir("markdownx")[1] if default_storage.exists("markdownx") else []


def stored_content() -> bytes:
    [name] = stored_files()
    with default_storage.open(f"markdownx/{name}") as stored:
        return stored.read()


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


@pytest.mark.parametrize(
    "gif",
    [
        pytest.param(image_bytes("GIF") + b"<script>alert(1)</script>", id="after-the-trailer"),
        pytest.param(animated_gif(1, comment=b"<script>alert(1)</script>"), id="in-a-comment"),
    ],
)
def test_gif_is_stored_without_what_it_hides(content_staff_client, gif):
    # A browser that sniffs the stored file must find nothing but the image: GIFs are written afresh.
    response = upload(content_staff_client, "hidden.gif", gif, "image/gif")
    assert response.status_code == 200, response.content
    stored = stored_content()
    assert b"script" not in stored
    assert stored.endswith(b";")  # the GIF trailer, with nothing after it
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("GIF", (8, 8))


def test_animated_gif_stays_animated(content_staff_client):
    gif = animated_gif(3, duration=[100, 200, 300], loop=0)
    response = upload(content_staff_client, "walk.gif", gif, "image/gif")
    assert response.status_code == 200, response.content
    with Image.open(io.BytesIO(stored_content())) as image:
        assert image.n_frames == 3
        assert image.info["loop"] == 0
        assert [frame.info["duration"] for frame in ImageSequence.Iterator(image)] == [100, 200, 300]


def test_transparent_animation_shows_the_same_frames(content_staff_client):
    # Each frame is cleared after it is shown: written without its disposal, the dot would leave a trail.
    gif = moving_dot_gif()
    assert upload(content_staff_client, "dot.gif", gif, "image/gif").status_code == 200
    assert shown_frames(stored_content()) == shown_frames(gif)


def test_animation_over_the_pixel_cap_is_400_before_decoding(content_staff_client, monkeypatch):
    def decode(self):
        pytest.fail("a frame was decoded")  # not an AssertionError, which the view takes for a bad file

    monkeypatch.setattr(GifImagePlugin.GifImageFile, "load", decode)
    # What the review found: 60 frames of 4000 × 4000, each under the cap, 960 megapixels together.
    response = upload(content_staff_client, "long.gif", gif_declaring(4000, 4000, 60), "image/gif")
    assert response.status_code == 400
    assert response.json()["image"] == [
        "This animation has too many pixels: its frames together may have at most 25 megapixels."
    ]
    assert stored_files() == []


def test_animation_pixel_cap_counts_every_frame(content_staff_client, monkeypatch):
    monkeypatch.setattr(markdownx_views, "MAX_UPLOAD_PIXELS", 3 * 64)
    assert upload(content_staff_client, "fits.gif", animated_gif(3), "image/gif").status_code == 200
    response = upload(content_staff_client, "over.gif", animated_gif(4), "image/gif")
    assert response.status_code == 400
    assert "frames together" in response.json()["image"][0]
    assert len(stored_files()) == 1


def test_frame_reaching_past_the_screen_counts_its_pixels(content_staff_client, monkeypatch):
    # Readers grow the canvas to fit a frame, so its 30 megapixels would be decoded for both frames.
    load_prepare = GifImagePlugin.GifImageFile.load_prepare

    def decode_only_the_first_frame(self):
        if self.size != (1, 1):
            pytest.fail("decoded onto the grown canvas")
        load_prepare(self)

    monkeypatch.setattr(GifImagePlugin.GifImageFile, "load_prepare", decode_only_the_first_frame)
    response = upload(content_staff_client, "grows.gif", gif_with_last_frame_reaching(6_000, 5_000), "image/gif")
    assert response.status_code == 400
    assert "too many pixels" in response.json()["image"][0]
    assert stored_files() == []


def test_frame_reaching_past_a_decompression_bomb_is_400(content_staff_client):
    response = upload(content_staff_client, "bomb.gif", gif_with_last_frame_reaching(65_535, 65_535), "image/gif")
    assert response.status_code == 400
    assert "too many pixels" in response.json()["image"][0]


def test_animation_over_the_frame_cap_is_400(content_staff_client, monkeypatch):
    monkeypatch.setattr(markdownx_views, "MAX_UPLOAD_FRAMES", 3)
    assert upload(content_staff_client, "fits.gif", animated_gif(3, (1, 1)), "image/gif").status_code == 200
    response = upload(content_staff_client, "long.gif", animated_gif(4, (1, 1)), "image/gif")
    assert response.status_code == 400
    assert response.json()["image"] == ["This animation has too many frames. The limit is 3 frames."]
    assert len(stored_files()) == 1


@pytest.mark.parametrize(
    "cut",
    [
        pytest.param(13, id="screen-only"),
        pytest.param(30, id="in-the-first-frame-header"),
        pytest.param(-40, id="in-the-last-frame-header"),
        pytest.param(-15, id="in-the-last-frame-data"),
    ],
)
def test_truncated_gif_is_400_and_stores_nothing(content_staff_client, cut):
    gif = animated_gif(3, (16, 16), duration=100)
    response = upload(content_staff_client, "cut.gif", gif[:cut], "image/gif")
    assert response.status_code == 400
    assert response.json()["image"][0] in {
        "This image could not be read.",
        "Only PNG, JPEG and GIF images can be uploaded.",
    }
    assert stored_files() == []


def test_every_prefix_of_a_gif_is_stored_or_400(content_staff_client):
    gif = animated_gif(2, (4, 4), duration=100, loop=0)
    for length in range(len(gif)):
        # The test client re-raises what the view raises: a 500 fails here.
        response = upload(content_staff_client, "cut.gif", gif[:length], "image/gif")
        assert response.status_code in {200, 400}, length


def test_empty_file_is_400(content_staff_client):
    response = upload(content_staff_client, "empty.gif", b"", "image/gif")
    assert response.status_code == 400
    assert stored_files() == []


def test_animation_of_identical_frames_is_stored(content_staff_client):
    # Pillow writes identical frames as one, and a single frame cannot take one disposal per frame.
    gif = animated_gif(2, disposal=[1, 2], comment=b"<script>alert(1)</script>")
    assert gif.count(b"\x81\x01\x00\x00") == 1  # the second frame's own palette, starting with its colour
    gif = gif.replace(b"\x81\x01\x00\x00", b"\x81\x00\x00\x00")  # now the first frame's colour
    response = upload(content_staff_client, "still.gif", gif, "image/gif")
    assert response.status_code == 200, response.content
    stored = stored_content()
    assert b"script" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.n_frames, image.size) == (1, (8, 8))


def test_gif_pillow_cannot_rewrite_is_400(content_staff_client):
    # A first frame without colours (grey), then one with its own: Pillow's writer asserts on what it read.
    gif = animated_gif(2, (1, 1))
    assert gif[10] == 0x81  # a global colour table of 4 colours (12 bytes) follows the 13-byte header
    gif = gif[:10] + b"\x01" + gif[11:13] + gif[25:]
    response = upload(content_staff_client, "grey.gif", gif, "image/gif")
    assert response.status_code == 400
    assert response.json() == {"image": ["This image could not be read."]}
    assert stored_files() == []
