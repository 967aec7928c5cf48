"""Every Sphinx builder a reader of the site would use builds the real site
strictly: dirhtml, singlehtml and text here; the books and the e-book are
read back in tests/test_books.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def needs(tool: str, package: str) -> str:
    """A command the check needs; outside CI a missing one skips, in CI it fails."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is missing (Debian: apt-get install {package}); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("builders") / "site")


def make(project, builder: str) -> subprocess.CompletedProcess:
    """What `make <builder>` runs: strict, published all or nothing in _build/<builder>."""
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build.py"),
            str(project),
            str(project / "_build"),
            "--builder",
            builder,
        ],
        capture_output=True,
        text=True,
        cwd=project,
    )


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "text"])
def test_builds_strictly(project, builder):
    result = make(project, builder)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_text_gives_times_in_the_events_zone_and_downloads_as_addresses(project):
    if not (project / "_build" / "text").exists():
        assert make(project, "text").returncode == 0

    def lines(page: str) -> list[str]:  # (each line's words, as a table cell wraps them)
        text = (project / "_build" / "text" / page).read_text()
        return [" ".join(w for w in line.split() if w != "|") for line in text.splitlines()]

    programme = lines("2021/program/index.txt")
    assert "Fri 2 July 2021, Keynote Surprises in Deep Learning Daniel Soudry" in programme
    assert "14:15–15:00 CEST Training: Symmetry, Efficiency," in programme
    assert "program.ics (calendar) <https://mlhpcs.org/2021/program/program.ics>" in " ".join(programme)
    cfp = lines("2021/cfp.txt")
    assert "Extended abstracts Fri 14 May 2021, end of day was Sat 1 May 2021," in cfp
    assert "AoE (UTC-12:00) (closed) changed on 30 April 2021" in cfp


def test_dirhtml_links_to_files_and_places_that_exist(project):
    if not (project / "_build" / "dirhtml").exists():
        assert make(project, "dirhtml").returncode == 0
    site = project / "_build" / "dirhtml"
    page = site / "2021" / "program" / "index.html"
    links = BeautifulSoup(page.read_text(), "html.parser").select("a.download")
    assert links and all((page.parent / a["href"]).resolve().is_file() for a in links)
    people = site / "people" / "index.html"
    anchored = [a["href"] for a in BeautifulSoup(people.read_text(), "html.parser").select(".ws-people a[href*='#']")]
    assert anchored and all(
        (people.parent / href.split("#")[0] / "index.html").resolve().is_file() for href in anchored
    )


def test_without_books_no_page_links_one(site):
    """`make html` on a machine without TeX: no link to a book that is not there."""
    assert not list(site.rglob("*.pdf"))
    assert "PDF book" not in (site / "2021" / "index.html").read_text()
