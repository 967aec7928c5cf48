"""A new edition in one command: `make edition YEAR=2030` on a clean copy of
the project writes its folder from the template kept in the project, and
`make html` then builds, strict, with no other edit. Nothing of the new
edition is published until its facts are written; once they are (and only
they), its pages say what is still to be announced, and invent nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project
from workshop.data.unpublished import is_unpublished

#: The facts an organizer writes, and nothing else: the template's TO WRITE lines, uncommented.
FACTS = """\
  start: 2030-06-20
  end: 2030-06-20
  timezone: Europe/Berlin
  status: EventScheduled
  format: online
  host: {name: Synthetic Host Conference 2030, short: SHC 2030, url: "https://example.org/shc/"}
"""


def make(project, *arguments):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "SOURCE_DATE_EPOCH"))}
    return subprocess.run(["make", *arguments], cwd=project, capture_output=True, text=True, env=env)


def soup(out, page):
    return BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A clean copy: the sources, the Makefile and the pinned requirements, with the shared virtual environment."""
    site = copy_project(tmp_path_factory.mktemp("make-edition") / "site")
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(ROOT / name, site / name)
    (site / ".venv").symlink_to(ROOT / ".venv")
    return site


@pytest.fixture(scope="module")
def written(project):
    result = make(project, "edition", "YEAR=2030")
    assert result.returncode == 0, result.stderr
    return project, result.stdout


@pytest.fixture(scope="module")
def built_unpublished(written):
    project, _ = written
    result = make(project, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return project / "_build" / "html", result.stdout + result.stderr


def test_the_command_writes_the_folder_and_says_what_to_write(written):
    project, said = written
    files = sorted(p.relative_to(project / "2030").as_posix() for p in (project / "2030").rglob("*") if p.is_file())
    assert files == [
        "book/edition.md",
        "book/index.md",
        "cfp.md",
        "committee.md",
        "index.md",
        "papers/index.md",
        "program/index.md",
        "program/schedule.yaml",
    ]
    assert said.splitlines()[-1] == (
        "2030/ is not published until you write its start, end, timezone, status, format and host in "
        "2030/program/schedule.yaml (the lines marked TO WRITE). Then write the pages' own words (the lines "
        "starting with %), and make html. ORGANIZERS.md, 'Start a new edition', has every step."
    )
    schedule = (project / "2030" / "program" / "schedule.yaml").read_text(encoding="utf-8")
    assert schedule.startswith("# yaml-language-server: $schema=../../_ext/workshop/edition.schema.json\n")
    assert "  year: 2030\n  acronym: MLHPCS 2030\n" in schedule
    assert not re.search(r"^\s*(start|end|timezone|status|format|host|venue):", schedule, re.M)  # nothing guessed
    assert "$" not in (project / "2030" / "index.md").read_text(encoding="utf-8")


def test_the_build_passes_and_publishes_nothing_of_it_yet(built_unpublished):
    out, said = built_unpublished
    assert not (out / "2030").exists()
    assert "2030" not in (out / "index.html").read_text(encoding="utf-8")
    assert "2030" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        "2030/program/schedule.yaml: 2030/ is not published yet: write its start, end, timezone, status, "
        "format and host under 'edition:' (ORGANIZERS.md, 'Start a new edition'), then build again"
    ) in said


def test_check_data_says_the_same(written):
    project, _ = written
    result = make(project, "check-data")
    assert result.returncode == 0, result.stderr
    assert "2030/ is not published yet" in result.stderr


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (
            "2021",
            "2021/ already exists: make edition only starts a new edition. To change 2021, edit "
            "2021/program/schedule.yaml and its pages",
        ),
        ("20x0", "'20x0' is not a year: write its four digits, like make edition YEAR=2030"),
        ("", "make edition needs the year: make edition YEAR=2030"),
    ],
)
def test_a_year_that_exists_or_is_no_year_is_refused(written, year, message):
    project, _ = written
    before = sorted(p for p in project.rglob("*.md") if "_build" not in p.parts)
    result = make(project, "edition", f"YEAR={year}")
    assert result.returncode != 0
    assert message in result.stderr.splitlines()
    assert sorted(p for p in project.rglob("*.md") if "_build" not in p.parts) == before


@pytest.fixture(scope="module")
def published(built_unpublished, written):
    """The same edition once its six facts are written, and nothing else."""
    project, _ = written
    schedule = project / "2030" / "program" / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(text.replace("  acronym: MLHPCS 2030\n", "  acronym: MLHPCS 2030\n" + FACTS), encoding="utf-8")
    result = make(project, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    assert "not published yet" not in result.stdout + result.stderr
    return project / "_build" / "html"


def test_once_its_facts_are_written_it_is_published_and_says_what_is_to_come(published):
    home = soup(published, "index").select_one(".ws-editions > li")
    assert home.select_one("strong").get_text() == "MLHPCS 2030"
    facts = soup(published, "2030/index").select_one(".ws-facts").get_text(" ", strip=True)
    assert facts.startswith("When : Thu 20 June 2030")
    article = {
        page: soup(published, f"2030/{page}").select_one("article").get_text(" ", strip=True)
        for page in ("index", "cfp", "committee", "program/index", "papers/index")
    }
    assert "No announcements yet." in article["index"]
    assert "The important dates will be announced here." in article["cfp"]
    assert "Organizing committee # To be announced." in article["committee"]
    assert "The programme will be announced here" in article["program/index"]
    assert "No papers yet" in article["papers/index"]
    for page, words in article.items():
        assert "TO WRITE" not in words and "$" not in words and "..." not in words, page
    assert (published / "2030" / "event.ics").is_file()


@pytest.mark.parametrize(
    ("text", "unpublished"),
    [
        ("edition:\n  year: 2027\n  acronym: MLHPCS\n", True),
        ("# the facts come later\nedition:\n  year: 2027\n  # start: 2027-06-01\n\nitems:\n- title: A\n", True),
        ("items: []\nedition: {year: 2027, acronym: MLHPCS}\n", True),
        ("edition:\n  year: 2027\n  start: 2027-06-01\nitems: []\n", False),
        ("edition:\n  year: 2027\nitems:\n- title: A\n  status: cancelled\n", True),  # (an item's status is not a fact)
        ("items: []\n", False),
        ("edition: [year\n", False),  # (read with the others, and its mistake reported)
    ],
)
def test_an_edition_is_unpublished_while_its_facts_name_none_of_the_facts(tmp_path, text, unpublished):
    path = tmp_path / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    assert is_unpublished(path) is unpublished
