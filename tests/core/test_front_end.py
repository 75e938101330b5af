"""The vendored design system, the strict CSP on the new pages, and README's screenshots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from tests.conftest import login
from tests.factories.accounts import UserFactory

ROOT = Path(settings.BASE_DIR)
KIT = ROOT / "sel" / "static" / "qc-sdg"


def test_every_file_the_vendored_stylesheet_refers_to_is_vendored_too() -> None:
    """A missing font is a 404 in the browser console, which fails every browser test."""
    css = (KIT / "css" / "qc-sdg.min.css").read_text()
    targets = set(re.findall(r'url\("?(\.\./[^")]+)"?\)', css))
    assert targets, "the stylesheet should name its fonts"
    missing = [t for t in targets if not (KIT / "css" / t).resolve().is_file()]
    assert missing == []
    assert "sourceMappingURL" not in css  # collectstatic's manifest would look for the map


def test_the_vendored_files_carry_their_licences() -> None:
    licences = (KIT / "LICENCES.md").read_text()
    for name in ("ISC", "Open Font License", "Open Sans", "Roboto"):
        assert name in licences
    assert (KIT / "OFL.txt").read_text().startswith("SIL OPEN FONT LICENSE")
    assert (KIT / "VERSION").read_text().startswith("qc-trousse-sdg ")


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_the_home_pages_have_no_inline_script_or_style(client: Client, logged_in: bool) -> None:
    if logged_in:
        login(client, UserFactory())
    response = client.get("/")
    html = response.content.decode()
    assert "qc-sdg/css/qc-sdg.min.css" in html
    assert re.search(r"\sstyle=", html) is None
    assert re.search(r"<style", html) is None
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp


def test_readme_shows_a_screenshot_of_each_main_page() -> None:
    readme = (ROOT / "README.md").read_text()
    shown = re.findall(r"\]\((docs/screenshots/[\w-]+\.png)\)", readme)
    names = {Path(p).stem for p in shown}
    assert {
        "public-home",
        "login",
        "pharmacist-home",
        "agent-home",
        "consultation",
        "messaging",
        "newsletters",
    } <= names
    for path in shown:
        with Image.open(ROOT / path) as image:
            assert image.format == "PNG"
            assert image.width == 1280
        assert (ROOT / path).stat().st_size < 200 * 1024
