"""Every page prints as it reads: printed by Chromium to PDF (A4 and Letter,
with a print dialog's 1 cm margins), and read back with pdftotext. The title
first, no word past the right margin, the longest BibTeX line whole, dark
text on white paper in dark mode too, and none of the site's controls."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from test_builders import needs

playwright_api = pytest.importorskip("playwright.sync_api")

MARGIN_PT = 28.35  # 1 cm
PAGES = {
    "talk": "2021/program/soudry-keynote.html",
    "paper": "2021/papers/ho2021msm.html",
    "home": "index.html",
    "edition home": "2021/index.html",
}
# The paper page's longest line: its BibTeX entry's authors.
LONGEST = "author    = {Ho, Kalun and Chatzimichailidis, Avraam and Keuper, Margret and Keuper, Janis},"
CONTROLS = ("Also show times in my time zone", "Copy to clipboard", "Color mode", "Ctrl", "Skip to main content")


def printed(browser, url: str, paper: str, scheme: str, folder: Path) -> tuple[Path, str]:
    """The page printed to PDF as a reader in that colour mode would, and its title."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    title = page.locator("article h1").first.inner_text().rstrip("#").strip()
    pdf = folder / f"{paper}-{scheme}.pdf"
    page.pdf(path=str(pdf), format=paper, margin={side: "1cm" for side in ("top", "right", "bottom", "left")})
    context.close()
    return pdf, title


def words_with_boxes(pdf: Path) -> tuple[float, list[tuple[str, float]]]:
    """The page width and every word with its right edge (in points)."""
    pdftotext = needs("pdftotext", "poppler-utils")
    out = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out)[1])
    words = re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
    return width, [(word, float(right)) for right, word in words]


def flat(text: str) -> str:
    """Without white space (a long line wraps anywhere on paper), ligatures as letters."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("kind", PAGES)
def test_a_page_prints_whole_with_its_title(browser, server, tmp_path, kind, paper, scheme):
    pdf, title = printed(browser, server.url + PAGES[kind], paper, scheme, tmp_path)
    pdftotext = needs("pdftotext", "poppler-utils")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert flat(text).startswith(flat(title)), text[:300]
    width, words = words_with_boxes(pdf)
    assert len(words) > 40
    cut = [word for word, right in words if right > width - MARGIN_PT + 1]
    assert cut == [], f"words past the right margin: {cut}"
    if kind == "paper":
        assert flat(LONGEST) in flat(text)
    for control in CONTROLS:
        assert control not in text


@pytest.mark.parametrize("kind", ["talk", "paper"])
def test_dark_mode_prints_dark_text_on_white(browser, server, tmp_path, kind):
    """On the paper itself: the page rendered from the PDF (these pages have
    no pictures) is white, and its text is dark, as in light mode."""
    image = pytest.importorskip("PIL.Image")
    pdf, _ = printed(browser, server.url + PAGES[kind], "A4", "dark", tmp_path)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    pixels = sorted(image.open(next(tmp_path.glob("page*.png"))).convert("L").tobytes())
    assert pixels[len(pixels) // 2] == 255  # white paper
    ink = [p for p in pixels if p < 250]  # letters, lines, their anti-aliased edges
    # Half of the ink at least this dark (seen: 130-140 printed from either
    # mode; 191-195 when dark mode printed its light grey text).
    assert ink[len(ink) // 2] < 160, "light text on white paper"


@pytest.mark.parametrize("kind", PAGES)
def test_in_print_every_text_of_the_article_is_dark_in_dark_mode(browser, server, kind):
    """Every element's text colour as printed from dark mode: contrast of at
    least 4.5 against the white paper (WCAG AA), as in light mode."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(server.url + PAGES[kind], wait_until="networkidle")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate(
        """() => [...document.querySelectorAll('article *')]
          .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
          .map(e => [e.tagName + '.' + e.className, getComputedStyle(e).color])"""
    )
    context.close()
    assert len(colours) > 5
    light = [(element, colour) for element, colour in colours if contrast_with_white(colour) < 4.5]
    assert light == []


def contrast_with_white(colour: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return 1.05 / (luminance + 0.05)
