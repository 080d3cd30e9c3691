"""Every page template gets the language switch, the landmarks and the footer from base.html."""

import re
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

TEMPLATES = Path(__file__).resolve().parent.parent / "walkout" / "templates"
EXTENDS = re.compile(r'{%\s*extends\s+"([^"]+)"\s*%}')
# The 500 page must render when nothing else does: no context processors, no base.html.
STANDALONE = {"500.html"}


def _parent(template: Path) -> str | None:
    match = EXTENDS.search(template.read_text())
    return match.group(1) if match else None


def _chain(name: str) -> list[str]:
    chain = [name]
    while (parent := _parent(TEMPLATES / chain[-1])) is not None:
        chain.append(parent)
    return chain


def test_every_page_template_extends_base():
    pages = sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if not path.name.startswith("_") and path.name != "base.html"
    )

    lost = [name for name in pages if name not in STANDALONE and _chain(name)[-1] != "base.html"]

    assert len(pages) > 40
    assert lost == []


def test_the_server_error_page_speaks_the_language_of_the_request():
    with translation.override("es"):
        html = render_to_string("500.html")

    assert html.startswith('<!doctype html>\n<html lang="es">')
    assert "<h1>Algo salió mal</h1>" in html
