"""The programme on paper: Chromium prints the 2021 programme page (page.pdf,
print media) on one A4 sheet and on one US Letter sheet, and the sheet read
back with pdftotext has the edition, its date, the zone once, every time,
title and speaker, the site's short address, and no word of the web page's
controls. An edition of several days prints one day per sheet."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup
from test_builders import needs

from browser import SiteServer
from conftest import ROOT, copy_project, sphinx_build

pytest.importorskip("playwright.sync_api")

SHOTS = ROOT / "test-results" / "screenshots"
#: Words of the web page's navigation, buttons and switches: none is on paper.
CONTROLS = [
    "Search",
    "Ctrl",
    "Color mode",
    "Toggle",
    "System Settings",
    "Also show times",
    "my time zone",
    "Take the programme with you",
    "program.ics",
    "schedule.json",
    "Skip to main content",
    "Back to top",
    "previous",
    "Contents",
    "Offline copy",
]


def tool(name: str) -> str:
    """A poppler tool; outside CI a missing one skips, in CI it fails."""
    return needs(name, "poppler-utils")


def printed(browser, url: str, paper: str, tmp_path) -> tuple[int, list[str]]:
    """(sheets, the text of each) of the page printed on `paper`."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    pdf = tmp_path / f"{paper}.pdf"
    page.pdf(path=str(pdf), format=paper, print_background=False)
    context.close()
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    sheets = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    text = [
        subprocess.run(
            [tool("pdftotext"), "-raw", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, sheets + 1)
    ]
    return sheets, text


def one_line(text: str) -> str:
    return " ".join(text.split())


def rows(out, page):
    soup = BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select(".ws-schedule tbody tr")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_2021_programme_prints_on_one_sheet_with_every_item(site, server, browser, paper, tmp_path):
    sheets, (text, *_) = printed(browser, f"{server.url}2021/program/index.html", paper, tmp_path)
    assert sheets == 1
    flat = one_line(text)
    assert "MLHPCS 2021: Machine Learning on HPC Systems" in flat
    assert "Fri 2 July 2021; online, with ISC 2021." in flat
    assert flat.count("CEST") == 1 and "Europe/Berlin (CEST, UTC+02:00)" in flat  # the zone, said once
    assert "UTC+02:00" in flat and flat.count("UTC+02:00") == 1
    for row in rows(site, "2021/program/index"):
        time = row.select_one(".ws-print-clock").get_text()
        title = row.select("td")[1].get_text()  # (after the time, a <th>)
        speakers = row.select("td")[2].get_text()
        assert re.fullmatch(r"\d\d:\d\d(–\d\d:\d\d|, end not announced)", time), time
        assert time in flat, time
        assert one_line(title).replace(" ", "") in flat.replace(" ", ""), title  # (however a line broke)
        for name in filter(None, speakers.replace(" (presenter)", "").split("; ")):
            assert name in flat, name
    assert flat.count("Fri 2 July 2021") == 1  # the date once, at the top: not on every row
    assert "mlhpcs.org/2021/program/" in flat
    assert [word for word in CONTROLS if word in text] == []


def test_the_printed_programme_as_an_image(server, browser, tmp_path):
    """For people to look at: the A4 sheet as a PNG beside the screenshots."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.url}2021/program/index.html", wait_until="networkidle")
    pdf = tmp_path / "programme.pdf"
    page.pdf(path=str(pdf), format="A4")
    context.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [tool("pdftoppm"), "-png", "-r", "80", "-singlefile", str(pdf), str(SHOTS / "programme-2021-printed-a4")],
        check=True,
    )
    assert (SHOTS / "programme-2021-printed-a4.png").stat().st_size > 10_000


def test_on_screen_the_paper_only_parts_are_hidden(site, server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.url}2021/program/index.html", wait_until="networkidle")
    hidden = page.eval_on_selector_all(
        ".ws-print-head, .ws-print-clock, .ws-print-address", "els => els.map(e => e.checkVisibility())"
    )
    assert len(hidden) == 2 + len(rows(site, "2021/program/index")) and not any(hidden)
    assert page.is_visible(".ws-schedule time.ws-time")
    context.close()


@pytest.fixture(scope="module")
def two_days(tmp_path_factory):
    """The synthetic 2022 edition (tests/fixtures/edition-2022) over two days:
    its paper's talk moved to the next day."""
    base = tmp_path_factory.mktemp("two-days")
    project = copy_project(base / "site")
    fixture = ROOT / "tests" / "fixtures" / "edition-2022"
    shutil.copytree(fixture / "2022", project / "2022")
    bib = project / "references.bib"
    bib.write_text(bib.read_text() + (fixture / "references-2022.bib").read_text())
    schedule = project / "2022" / "program" / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8").replace("end: 2022-06-02", "end: 2022-06-03")
    text = text.replace('date: 2022-06-02\n    start: "10:00"', 'date: 2022-06-03\n    start: "10:00"')
    assert text.count("2022-06-03") == 2
    schedule.write_text(text, encoding="utf-8")
    out = base / "html"
    result = sphinx_build(project, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return out


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_an_edition_of_two_days_prints_a_day_per_sheet(two_days, browser, paper, tmp_path):
    with SiteServer(two_days) as server:
        sheets, text = printed(browser, f"{server.url}2022/program/index.html", paper, tmp_path)
    assert sheets == 2
    first, second = map(one_line, text)
    assert "Thu 2 June 2022 09:00–10:00" in first and "A Synthetic Keynote" in first
    assert "Fri 3 June 2022 10:00–10:20" in second and "Synthetic" in second and "Keynote" not in second
    assert "MLHPCS 2022: Machine Learning on HPC Systems" in first
