"""Photos in a browser: a crew member uploads a photo with GPS EXIF and a face, watches it
being processed, reviews it (drawing a box with JavaScript; ticking squares without), sends it;
a moderator approves it; the walkout's gallery shows a version with the face covered and no
metadata. The face comes from a package (matplotlib's Grace Hopper portrait), built into a
photo at run time (tests/media/web.py).

The screenshot tour (skipped without --screenshots) shoots upload, progress, review (JavaScript
on and off), the hub's queue and the gallery on a phone, in English and Spanish.
"""

import datetime
import io

import numpy as np
import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits, submit
from tests.browser.test_accessibility import audit
from tests.browser.test_hub_console import sign_in
from tests.crews.world import add_member, make_crew
from tests.factories import ActionFactory, CampaignFactory, HubFactory, SchoolFactory, make_staff
from tests.media import corpus
from tests.media.web import HOPPER_FACE, face_jpeg_with_gps
from walkout.media import worker
from walkout.media.models import MediaItem, MediaState

pytestmark = pytest.mark.browser


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WALKOUT_MEDIA_INCOMING_DIR = ""
    hub = HubFactory(name="National Student Walkout Hub")
    action = ActionFactory(campaign=CampaignFactory(hub=hub), title="Walk out for our families")
    crew, _organizer_token = make_crew(
        action=action,
        school=SchoolFactory(name="Dolores Huerta Preparatory High School"),
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    _member, token = add_member(crew, "lens")
    moderator, seed = make_staff(hub=hub, username="mod")
    return {"walkout": crew.walkout, "token": token, "moderator": moderator, "seed": seed}


def _choose_photo(page):
    page.locator("#id_file").set_input_files(
        {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": face_jpeg_with_gps()}
    )


def _solid_share(image: Image.Image, box) -> float:
    x1, y1, x2, y2 = box
    w, h = x2 - x1, y2 - y1
    crop = image.crop((int(x1 + 0.1 * w), int(y1 + 0.1 * h), int(x2 - 0.1 * w), int(y2 - 0.1 * h)))
    region = np.asarray(crop.convert("RGB")).astype(int)
    return float((np.abs(region) <= 8).all(axis=2).mean())


def test_a_photo_with_gps_and_a_face_is_published_covered_and_clean(open_context, world, settings):
    """The in-process worker thread processes the upload while the page polls (htmx)."""
    settings.WALKOUT_MEDIA_IN_PROCESS = True
    token = world["token"]
    problems: list[str] = []
    page = open_context("phone").new_page()
    page.goto(f"/crew/{token}/media/")
    audit(page, "upload", problems)
    _choose_photo(page)
    submit(page, page.get_by_role("button", name="Upload and cover faces"))
    expect(page.get_by_role("heading", name="Check before you send")).to_be_visible(timeout=60_000)
    audit(page, "review (JavaScript)", problems)
    item = MediaItem.objects.get()
    assert item.state == MediaState.REVIEW
    assert item.boxes.filter(kind="face").exists()

    # Draw a box over the bottom left corner with the pointer: it fills the typed box.
    canvas = page.locator(".media-canvas canvas")
    canvas.scroll_into_view_if_needed()
    frame = canvas.bounding_box()
    page.mouse.move(frame["x"] + 5, frame["y"] + frame["height"] * 0.85)
    page.mouse.down()
    page.mouse.move(frame["x"] + frame["width"] * 0.3, frame["y"] + frame["height"] - 5, steps=5)
    page.mouse.up()
    expect(page.get_by_label("Width (%)")).not_to_have_value("")
    submit(page, page.get_by_role("button", name="Cover this box"))
    assert item.boxes.filter(kind="manual").count() == 1
    assert_fits(page)

    submit(page, page.get_by_role("button", name="Send to the hub"))
    expect(page.get_by_text("Sent to the hub.")).to_be_visible()
    item.refresh_from_db()
    assert (item.state, item.member_id) == (MediaState.SUBMITTED, None)

    hub = open_context("phone").new_page()
    sign_in(hub, "mod", world["seed"])
    hub.goto("/hub/media/")
    expect(hub.get_by_text("1 item awaits review.")).to_be_visible()
    audit(hub, "hub queue", problems)
    submit(hub, hub.get_by_role("button", name="Approve"))
    expect(hub.get_by_text("Approved.")).to_be_visible()

    visitor = open_context("phone").new_page()
    visitor.goto(f"/w/{world['walkout'].public_id}/")
    gallery = visitor.locator(".gallery a").first
    expect(gallery).to_be_visible()
    audit(visitor, "walkout gallery", problems)
    assert problems == []
    full = visitor.request.get(gallery.get_attribute("href"))
    assert full.status == 200
    assert full.headers["content-type"] == "image/jpeg"
    assert full.headers["x-content-type-options"] == "nosniff"
    published = Image.open(io.BytesIO(full.body()))
    assert published.size == (512, 600)  # upright: the EXIF orientation was applied
    assert not published.getexif()
    assert set(published.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density"} | {
        "progressive",
        "progression",
    }
    assert b"CANARY" not in full.body()
    assert _solid_share(published, HOPPER_FACE) > 0.97
    assert _solid_share(published, (0, 520, 140, 595)) > 0.97  # the box drawn by hand


def test_review_without_javascript_ticks_squares_and_uncovers_a_box(open_context, world, settings):
    settings.WALKOUT_MEDIA_IN_PROCESS = False  # this test processes the upload itself
    token = world["token"]
    page = open_context("phone", js=False).new_page()
    page.goto(f"/crew/{token}/media/")
    _choose_photo(page)
    submit(page, page.get_by_role("button", name="Upload and cover faces"))
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    worker.drain()
    submit(page, page.get_by_role("link", name="Check again"))
    expect(page.get_by_role("heading", name="Check before you send")).to_be_visible()
    page.get_by_label("Row 8, column 1").check()
    submit(page, page.get_by_role("button", name="Cover the ticked squares"))
    item = MediaItem.objects.get()
    assert item.boxes.filter(kind="manual").count() == 1
    page.get_by_label("Box", exact=False).last.check()
    submit(page, page.get_by_role("button", name="Uncover the ticked boxes"))
    assert item.boxes.filter(kind="manual").count() == 0
    assert_fits(page)


@pytest.mark.skipif("not config.getoption('--screenshots')", reason="no --screenshots DIR given")
def test_media_screenshot_tour(open_context, world, shots, settings):
    settings.WALKOUT_MEDIA_IN_PROCESS = False  # processed by the test, between shots
    token, walkout = world["token"], world["walkout"]
    hub = open_context("phone").new_page()
    sign_in(hub, "mod", world["seed"])  # once: a code works once (replay protection)
    for lang in ("en", "es"):
        prefix = "" if lang == "en" else "/es"
        MediaItem.objects.all().delete()
        page = open_context("phone", locale="es-US" if lang == "es" else "en-US").new_page()
        nojs = open_context("phone", js=False).new_page()
        page.goto(f"{prefix}/crew/{token}/media/")
        shots(page, f"{lang}-media-1-upload")
        assert_fits(page)
        _choose_photo(page)
        submit(page, page.locator("button.primary"))
        shots(page, f"{lang}-media-2-progress")
        assert_fits(page)
        worker.drain()
        nojs.goto(page.url)
        nojs.wait_for_selector(".media-canvas img")
        shots(nojs, f"{lang}-nojs-media-3-review")
        assert_fits(nojs)
        nojs.locator("#box summary").click()
        nojs.locator("#box").scroll_into_view_if_needed()
        shots(nojs, f"{lang}-nojs-media-3b-review-typed-box")
        page.reload()
        page.wait_for_selector(".media-canvas canvas")
        MediaItem.objects.get().boxes.filter(kind="face").update(unsure=True)
        page.reload()
        page.wait_for_selector(".media-canvas canvas")
        shots(page, f"{lang}-js-media-3-review")
        assert_fits(page)
        submit(page, page.locator("button[value=submit]"))
        shots(page, f"{lang}-media-4-sent")
        assert_fits(page)
        hub.goto(f"{prefix}/hub/media/")
        shots(hub, f"{lang}-media-5-hub-queue")
        assert_fits(hub)
        submit(hub, hub.locator("button[value=approve]"))
        page.goto(f"{prefix}/w/{walkout.public_id}/")
        page.locator(".media-gallery").scroll_into_view_if_needed()
        shots(page, f"{lang}-media-6-walkout-gallery")
        assert_fits(page)
        page.goto(f"{prefix}/crew/{token}/media/")
        page.locator("#id_file").set_input_files(
            {"name": "bomb.png", "mimeType": "image/png", "buffer": corpus.png_bomb()}
        )
        submit(page, page.locator("button.primary"))
        worker.drain()
        page.reload()
        shots(page, f"{lang}-media-8-failed")
        page.goto(f"{prefix}/crew/{token}/media/")
        page.locator("#id_file").set_input_files(
            {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": b"MZ" + b"\0" * 300}
        )
        page.locator("form.media-upload").evaluate("form => form.submit()")
        page.wait_for_load_state()
        shots(page, f"{lang}-media-9-refused")
        page.context.watch.allow("400")
        page.goto(f"{prefix}/gallery/{walkout.action.campaign.slug}/")
        shots(page, f"{lang}-media-7-campaign-gallery")
        assert_fits(page)
