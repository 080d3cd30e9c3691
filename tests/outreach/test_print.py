"""Flyers, posters, the poster maker and share images (walkout/outreach/material.py)."""

import io
import sys
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.core.cache import caches
from django.urls import reverse
from PIL import Image

from tests.crews.world import make_crew
from tests.factories import SchoolFactory, WalkoutFactory
from tests.helpers import _cache_entries
from walkout.crews.models import Demand
from walkout.outreach import material, pdf
from walkout.walkouts.models import WalkoutStatus

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def _pdf_text(body: bytes) -> str:
    doc = pdfium.PdfDocument(body)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in doc)
        return " ".join(text.split())  # lines wrap where the layout says
    finally:
        doc.close()


def _squeezed(body: bytes) -> str:
    """The text without spaces: at poster sizes the extractor reads wide letter gaps as spaces."""
    return _pdf_text(body).replace(" ", "")


def _pdf_qr(body: bytes) -> list[str]:
    doc = pdfium.PdfDocument(body)
    try:
        image = doc[0].render(scale=2).to_pil()
    finally:
        doc.close()
    return [found.text for found in zxingcpp.read_barcodes(image)]


def _png_qr(body: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(body)))]


def _public_url(walkout, language="en"):
    prefix = "/es" if language == "es" else ""
    return f"{BASE}{prefix}/w/{walkout.public_id}/"


def _walkout(**fields):
    fields.setdefault("school", SchoolFactory(name="Roosevelt High School"))
    return WalkoutFactory(**fields)


# --- the renderer ----------------------------------------------------------------------------


def test_the_url_fetcher_refuses_everything_but_data_and_our_own_files(settings):
    static = settings.STATICFILES_DIRS[0]
    assert pdf.allowed_url("data:image/png;base64,AAAA")
    assert pdf.allowed_url(static.resolve().as_uri() + "/walkout/site.css")
    assert not pdf.allowed_url("https://example.com/font.woff2")
    assert not pdf.allowed_url("http://127.0.0.1:8000/static/walkout/site.css")
    assert not pdf.allowed_url("file:///etc/passwd")
    assert not pdf.allowed_url(static.resolve().as_uri() + "/../../settings.py")
    assert not pdf.allowed_url("file://evil.example/share/x")
    assert not pdf.allowed_url("ftp://example.com/x")


def test_qr_helpers_encode_the_url():
    url = "https://walkout.example.org/w/abc/"
    assert _png_qr(pdf.qr_png(url, 8)) == [url]
    svg = pdf.qr_svg(url)
    assert svg.startswith("<svg") and "viewBox" in svg and "width=" not in svg.split(">")[0]


# --- flyers and posters ----------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["letter", "a4", "tabloid", "a3"])
def test_flyer_shows_school_local_time_and_a_qr_code_to_the_page(paper):
    walkout = _walkout()
    body, cached = material.flyer_pdf(walkout, paper=paper, language="en", base=BASE)
    text = _pdf_text(body)
    assert not cached
    assert body.startswith(b"%PDF")
    assert "Roosevelt High School" in text
    assert "2:00 PM CST" in text  # 2PM in the school's own zone (Chicago)
    assert "Education, not deportation!" in text  # no adopted demands: the call's chant
    assert _pdf_qr(body) == [_public_url(walkout)]


def test_spanish_flyer_has_the_spanish_date_and_the_spanish_page(settings):
    walkout = _walkout()
    body, _cached = material.flyer_pdf(walkout, paper="letter", language="es", base=BASE)
    text = _pdf_text(body)
    local = walkout.starts_at.astimezone(ZoneInfo("America/Chicago"))
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
    assert f"{local.day} de {months[local.month - 1]} de {local.year}" in text
    assert "14:00 CST" in text
    assert _pdf_qr(body) == [_public_url(walkout, "es")]


def test_flyer_shows_adopted_demands_only_and_fits_long_names():
    long_name = (
        "Escuela Preparatoria Internacional Bilingüe de Ciencias y Artes Dr. Martin Luther "
        "King Jr. y César Chávez de Mayagüez"
    )
    crew, _token = make_crew(school=SchoolFactory(name=long_name))
    long_demand = "Que ICE no entre a nuestras escuelas " + "ni a los alrededores " * 7
    Demand.objects.create(crew=crew, text=long_demand[:200], adopted=True, created_day="2026-01-01")
    Demand.objects.create(
        crew=crew, text="A secret proposal", adopted=False, created_day="2026-01-01"
    )
    body, _cached = material.flyer_pdf(crew.walkout, paper="letter", language="es", base=BASE)
    text = _pdf_text(body)
    doc = pdfium.PdfDocument(body)
    assert len(doc) == 1  # nothing spilled onto a second page
    doc.close()
    assert "Mayagüez" in text and "Que ICE no entre" in text
    assert "A secret proposal" not in text
    assert "Education, not deportation!" not in text
    assert _pdf_qr(body) == [_public_url(crew.walkout, "es")]


def test_flyer_is_cached_and_redrawn_when_the_walkout_changes():
    crew, _token = make_crew(school=SchoolFactory(name="Roosevelt High School"))
    walkout = crew.walkout
    first, cached = material.flyer_pdf(walkout, paper="a4", language="en", base=BASE)
    again, cached_again = material.flyer_pdf(walkout, paper="a4", language="en", base=BASE)
    assert (cached, cached_again) == (False, True) and again == first
    Demand.objects.create(
        crew=crew, text="Counselors, not cops", adopted=True, created_day="2026-01-01"
    )
    redrawn, cached = material.flyer_pdf(walkout, paper="a4", language="en", base=BASE)
    assert not cached and "Counselors, not cops" in _pdf_text(redrawn)
    walkout.school.name = "Roosevelt Senior High"
    walkout.school.save()
    walkout.refresh_from_db()
    renamed, cached = material.flyer_pdf(walkout, paper="a4", language="en", base=BASE)
    assert not cached and "Roosevelt Senior High" in _pdf_text(renamed)


def test_slogan_poster_fits_long_slogans_on_one_page():
    walkout = _walkout()
    for slogan in ["¡Sí se puede!", "Supercalifragilisticexpialidociousnessandmore" * 1, "a " * 40]:
        body = material.slogan_pdf(
            walkout, slogan=slogan, paper="tabloid", language="es", base=BASE
        )
        doc = pdfium.PdfDocument(body)
        assert len(doc) == 1
        doc.close()
        assert _pdf_qr(body) == [_public_url(walkout, "es")]
    body = material.slogan_pdf(
        walkout, slogan="¡Sí se puede!", paper="a4", language="es", base=BASE
    )
    assert "¡Síse puede!".replace(" ", "") in _squeezed(body)


# --- share images ----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "size"), [("story", (1080, 1920)), ("preview", (1200, 630))])
def test_share_images_have_the_size_and_a_qr_code(kind, size):
    walkout = _walkout()
    body, cached = material.share_png(walkout, kind=kind, language="es", base=BASE)
    image = Image.open(io.BytesIO(body))
    assert (image.format, image.size, cached) == ("PNG", size, False)
    assert _png_qr(body) == [_public_url(walkout, "es")]
    assert material.share_png(walkout, kind=kind, language="es", base=BASE) == (body, True)
    walkout.starts_at = walkout.starts_at.replace(hour=walkout.starts_at.hour + 1)
    walkout.save()
    assert material.share_png(walkout, kind=kind, language="es", base=BASE)[1] is False


def test_cache_keys_hold_nothing_readable():
    walkout = _walkout()
    material.share_png(walkout, kind="preview", language="en", base=BASE)
    # The in-process dict, or every key in Redis when REDIS_URL is set (tests/helpers.py).
    keys = [str(key) for key, _value in _cache_entries(caches["default"])]
    assert keys and not any("Roosevelt" in key or walkout.public_id in key for key in keys)


# --- views -----------------------------------------------------------------------------------


def test_public_flyer_and_images_for_an_approved_walkout(client):
    walkout = _walkout()
    response = client.get(reverse("outreach:flyer", args=[walkout.public_id, "letter", "es"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert "Roosevelt High School" in _pdf_text(response.content)
    response = client.get(reverse("outreach:share", args=[walkout.public_id, "story", "en"]))
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")


@pytest.mark.parametrize(
    "status", [WalkoutStatus.PENDING, WalkoutStatus.REJECTED, WalkoutStatus.CANCELLED]
)
def test_unlisted_walkouts_have_no_public_files(client, status):
    walkout = _walkout(status=status)
    for url in (
        reverse("outreach:flyer", args=[walkout.public_id, "letter", "en"]),
        reverse("outreach:share", args=[walkout.public_id, "preview", "en"]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Roosevelt" not in response.content


@pytest.mark.parametrize(
    "args",
    [("nope", "letter", "en"), ("{id}", "legal", "en"), ("{id}", "letter", "fr")],
)
def test_unknown_walkout_paper_or_language_is_404(client, args):
    walkout = _walkout()
    args = [a.format(id=walkout.public_id) for a in args]
    assert client.get(reverse("outreach:flyer", args=args)).status_code == 404


def test_walkout_page_links_the_files_and_sets_og_image(client):
    walkout = _walkout()
    page = client.get(reverse("walkouts:walkout", args=[walkout.public_id])).content.decode()
    og = f'<meta property="og:image" content="{BASE}/w/{walkout.public_id}/share/preview/en.png">'
    assert og in page
    assert reverse("outreach:flyer", args=[walkout.public_id, "tabloid", "es"]) in page


def test_pending_walkout_page_has_no_public_files_or_og_image(client):
    walkout = _walkout(status=WalkoutStatus.PENDING)
    page = client.get(reverse("walkouts:walkout", args=[walkout.public_id])).content.decode()
    assert "og:image" not in page and "/print/" not in page and "/share/" not in page


def test_crew_gets_files_for_its_pending_walkout(client):
    crew, token = make_crew(
        status=WalkoutStatus.PENDING, school=SchoolFactory(name="Roosevelt High School")
    )
    page = client.get(reverse("outreach:crew_material", args=[token]))
    assert page.status_code == 200
    url = reverse("outreach:crew_flyer", args=[token, "a3", "en"])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex, noarchive"
    assert _pdf_qr(response.content) == [_public_url(crew.walkout)]
    response = client.get(reverse("outreach:crew_share", args=[token, "story", "es"]))
    assert response.status_code == 200


def test_crew_of_a_cancelled_walkout_gets_a_clear_page_and_no_files(client):
    crew, token = make_crew(status=WalkoutStatus.CANCELLED)
    page = client.get(reverse("outreach:crew_material", args=[token]))
    assert page.status_code == 200
    assert "no flyers to print" in page.content.decode()
    assert client.get(reverse("outreach:crew_flyer", args=[token, "a3", "en"])).status_code == 404
    response = client.post(
        reverse("outreach:crew_material", args=[token]),
        {"slogan": "Hi", "paper": "letter", "language": "en"},
    )
    assert response.status_code == 404


def test_bad_crew_link_is_404(client):
    assert client.get(reverse("outreach:crew_material", args=["x" * 43])).status_code == 404
    assert (
        client.get(reverse("outreach:crew_flyer", args=["x" * 43, "a4", "en"])).status_code == 404
    )


def test_poster_maker_answers_a_pdf_and_stores_nothing(client):
    crew, token = make_crew()
    before = Demand.objects.count()
    response = client.post(
        reverse("outreach:crew_material", args=[token]),
        {"slogan": "  Education,   not deportation!  ", "paper": "a3", "language": "es"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Education,notdeportation!" in _squeezed(response.content)
    assert Demand.objects.count() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"slogan": "x" * 81}, "Keep the slogan to 80 characters or fewer (it has 81)."),
        ({"slogan": "   "}, "Type a slogan for the poster."),
        ({"slogan": "Hi", "paper": "poster"}, "Select a valid choice."),
        ({"slogan": "Hi", "language": "fr"}, "Select a valid choice."),
    ],
)
def test_poster_maker_refuses_bad_input_with_a_clear_error(client, data, message):
    _crew, token = make_crew()
    response = client.post(
        reverse("outreach:crew_material", args=[token]),
        {"paper": "letter", "language": "en", **data},
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_without_pango_printing_says_what_to_install(client, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails
    with pytest.raises(pdf.PrintUnavailable, match="libpango-1.0-0 and libpangoft2-1.0-0"):
        pdf.render_pdf("outreach/print/_flyer.html", {}, language="en")
    walkout = _walkout()
    response = client.get(reverse("outreach:flyer", args=[walkout.public_id, "letter", "en"]))
    assert response.status_code == 503
    assert (
        response.content.decode()
        == "Printing is not available on this server right now. Try again later."
    )
    assert "libpango" in caplog.text


def test_without_the_npm_fonts_printing_says_how_to_install_them(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    settings.DATA_DIR = tmp_path
    from walkout.outreach import fonts

    fonts._version.cache_clear()
    try:
        with pytest.raises(pdf.PrintUnavailable, match="npm ci --ignore-scripts"):
            pdf.render_pdf("outreach/print/_flyer.html", {}, language="en")
    finally:
        fonts._version.cache_clear()


def test_a_cached_flyer_costs_two_queries(client, django_assert_num_queries):
    walkout = _walkout()
    url = reverse("outreach:flyer", args=[walkout.public_id, "a4", "en"])
    first = client.get(url).content
    with django_assert_num_queries(2):  # the walkout, its adopted demands
        assert client.get(url).content == first


def test_poster_maker_is_limited_per_network(client, settings):
    settings.WALKOUT_NETWORK_WRITES_PER_HOUR = 1
    _crew, token = make_crew()
    url = reverse("outreach:crew_material", args=[token])
    data = {"slogan": "Hi", "paper": "letter", "language": "en"}
    assert client.post(url, data).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 429
    assert "Too many posters from this network in the last hour." in response.content.decode()
