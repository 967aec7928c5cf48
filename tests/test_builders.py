"""Every Sphinx builder a reader of the site would use builds the real site
strictly, and the books read back: the PDF of each edition with pdftotext and
pdffonts, the e-book with epubcheck."""

from __future__ import annotations

import os
import re
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


@pytest.fixture(scope="module")
def books(project):
    needs("latexmk", "latexmk")
    needs("lualatex", "texlive-luatex")
    result = make(project, "latexpdf")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return project / "_build" / "latexpdf"


def pdf_text(path) -> str:
    return subprocess.run(
        [needs("pdftotext", "poppler-utils"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_each_edition_has_a_book_with_its_programme_talks_and_papers(books):
    text = pdf_text(books / "mlhpcs-2021.pdf")
    flat = " ".join(text.split())
    titles = [
        "Welcome and Intro",
        "Surprises in Deep Learning Train",
        "Impact of large-scale pre-training",
        "Large-scale Neural Solvers",
        "MSM: Multi-stage Multicuts",
        "Analysis of Black-box Optimization",
        "Deep Learning Meets",
        "Challenges when scaling DL train",
        "Parallel/distributed intelligent",
        "Machine Learning for Generic En",
        "Hyper-parameter optimisation on",
        "Closing Discussions",
    ]
    programme = flat[flat.index("When What Title Speakers") :]
    positions = [programme.index(t) for t in titles]
    assert positions == sorted(positions)  # the programme in order
    # The date and zone once above the programme; each row its times.
    assert "Fri 2 July 2021. Times are in the event's time zone, Europe/Berlin (CEST, UTC+02:00)." in flat.replace(
        "’", "'"
    )
    assert "14:15–15:00 Keynote Surprises in Deep Learning" in programme
    for name in ("Daniel Soudry", "Stefanie Günther", "Jonathan Muraña", "Jülich Supercomputing Centre"):
        assert name in flat, name
    assert "10.1007/978-3-030-90539-2_18" in flat  # a DOI, with its link
    assert "Organizing committee" in flat and "Important dates" in flat
    assert "??" not in text
    earlier = pdf_text(books / "mlhpcs-2020.pdf")
    flat_2020 = " ".join(earlier.split())
    for title in ("SmartPred", "Ensembles", "GOPHER", "Poznań Supercomputing and Networking Center"):
        assert title in flat_2020, title


def test_a_books_citations_and_references_are_in_one_style(books):
    """In a book, a citation reads as the references label it ("Ho et al.
    [HCKK21]"), and the edition's references close the book, labelled as
    BibTeX's alpha style labels them, each pointing to its page in the book."""
    flat = " ".join(pdf_text(books / "mlhpcs-2021.pdf").split())
    references = flat[flat.rindex("Bibliography [") :]
    assert references.index("[HCKK21] Kalun Ho,") < references.index("[MNN21] Jonathan Muraña,")
    assert "In this book (page" in references and "Paper page" not in references
    flat_2020 = " ".join(pdf_text(books / "mlhpcs-2020.pdf").split())
    unbroken = flat_2020.replace("- ", "")  # (words hyphenated at the end of a line)
    assert "Rombach and Keuper [RK20], Herron et al. [HYP20] and Josep-Fabregó et al. [JFTGA+20]" in unbroken
    labels = re.findall(r"\[(HYP20|JFTGA\+20|RK20)\]", flat_2020[flat_2020.rindex("Bibliography [") :])
    assert labels == ["HYP20", "JFTGA+20", "RK20"]


def test_books_embed_every_font_and_name_their_title_and_author(books):
    for year in (2020, 2021):
        pdf = books / f"mlhpcs-{year}.pdf"
        fonts = subprocess.run([needs("pdffonts", "poppler-utils"), str(pdf)], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column
        info = subprocess.run([needs("pdfinfo", "poppler-utils"), str(pdf)], capture_output=True, text=True).stdout
        assert f"Title:           MLHPCS {year}: Machine Learning on HPC Systems" in info
        assert "Author:          MLHPCS organizing committee" in info
        log = (books.parent / "staging" / "latexpdf" / f"mlhpcs-{year}.log").read_text(errors="replace")
        assert "Overfull \\hbox" not in log  # no line runs past its column


def test_make_html_links_and_publishes_each_book_once_made(books, project):
    result = make(project, "html")
    assert result.returncode == 0, result.stderr
    site = project / "_build" / "html"
    for year in (2020, 2021):
        facts = BeautifulSoup((site / str(year) / "index.html").read_text(), "html.parser").select_one(".ws-facts")
        (link,) = [a for a in facts.select("a.download") if a["href"].endswith(".pdf")]
        assert link["href"] == f"mlhpcs-{year}.pdf"
        assert (site / str(year) / link["href"]).read_bytes() == (books / f"mlhpcs-{year}.pdf").read_bytes()


def test_without_books_no_page_links_one(site):
    """`make html` on a machine without TeX: no link to a book that is not there."""
    assert not list(site.rglob("*.pdf"))
    assert "PDF book" not in (site / "2021" / "index.html").read_text()


def test_the_e_book_passes_epubcheck(project):
    java = needs("java", "default-jre")
    jar = "/usr/share/java/epubcheck.jar"
    if not os.path.exists(jar):
        needs("epubcheck", "epubcheck")  # (skips, or fails in CI, with the package to install)
    result = make(project, "epub")
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [java, "-jar", jar, str(project / "_build" / "epub" / "mlhpcs.epub")], capture_output=True, text=True
    )
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in check.stdout + check.stderr, check.stdout + check.stderr


def test_a_failed_book_build_keeps_the_last_good_books(project, books):
    """`make latexpdf` and `make epub` publish all or nothing, like `make html`."""
    before = {p.name: p.read_bytes() for p in books.glob("*.pdf")}
    assert make(project, "epub").returncode == 0
    ebook = (project / "_build" / "epub" / "mlhpcs.epub").read_bytes()
    page = project / "2021" / "cfp.md"
    original = page.read_text()
    page.write_text(original.replace("## Important dates", "See [the rules](rules.md).\n\n## Important dates"))
    try:
        for builder in ("latexpdf", "epub"):
            result = make(project, builder)
            assert result.returncode != 0 and "nothing was published" in result.stderr, builder
    finally:
        page.write_text(original)
    assert {p.name: p.read_bytes() for p in books.glob("*.pdf")} == before
    assert (project / "_build" / "epub" / "mlhpcs.epub").read_bytes() == ebook
