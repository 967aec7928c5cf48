"""Editing references.bib shows everywhere, in a clean and an incremental build."""

import json
import re

import icalendar
from bs4 import BeautifulSoup
from lxml import etree

from conftest import SESSION_CLOCK, sphinx_build

OLD = "{SmartPred}: Unsupervised Hard Disk Failure Detection"
NEW = "{SmartPred}: Finding Failing Disks Early"


def text_of(out, page):
    return BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser").get_text(" ")


def test_changing_a_title_in_the_bib_changes_every_page_that_shows_it(project, tmp_path):
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    bib = project / "references.bib"
    bib.write_text(bib.read_text().replace(OLD, NEW))

    result = sphinx_build(project, out)  # incremental: same output and doctrees
    assert result.returncode == 0, result.stderr
    for page in (
        "2020/papers/rombach2020smartpred",
        "2020/papers/index",
        "2020/program/index",
        "papers/index",
        "people",
    ):
        text = text_of(out, page)
        assert "SmartPred: Finding Failing Disks Early" in text, page
        if page == "2020/program/index":  # the programme's changes name the old title, once, as the old one
            changes = BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
            (change,) = changes.select("ul.ws-changes > li")
            assert "renamed from “SmartPred: Unsupervised Hard Disk Failure Detection”" in change.get_text()
            text = text.replace(change.get_text(" "), "")
        assert "Unsupervised Hard Disk Failure Detection" not in text, page
    assert "Finding Failing Disks Early" in (out / "2020" / "papers" / "rombach2020smartpred.bib").read_text()

    clean = tmp_path / "clean"
    assert sphinx_build(project, clean).returncode == 0
    assert text_of(clean, "2020/papers/rombach2020smartpred") == text_of(out, "2020/papers/rombach2020smartpred")


def test_a_rebuild_with_nothing_changed_reads_and_writes_nothing(project, tmp_path):
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    again = sphinx_build(project, out, quiet=False)
    assert again.returncode == 0, again.stderr
    assert "The configuration has changed" not in again.stdout
    assert "0 added, 0 changed, 0 removed" in again.stdout
    assert "writing output... [" not in again.stdout


def test_editing_one_page_rereads_only_that_page(project, tmp_path):
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    cfp = project / "2020" / "cfp.md"
    cfp.write_text(cfp.read_text().replace("Double-blind.", "Double-blind (each paper read by reviewers)."))
    again = sphinx_build(project, out, quiet=False)
    assert "0 added, 1 changed, 0 removed" in again.stdout
    assert "each paper read by reviewers" in (out / "2020" / "cfp.html").read_text()


def test_editing_a_papers_summary_keeps_the_data_and_reads_that_page_only(project, tmp_path):
    """A paper page's own text is not data: the checked data kept beside the
    doctrees is used again, not read from every file anew."""
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    kept = out / ".doctrees" / "workshop-data.pickle"
    before = kept.stat().st_mtime_ns
    page = project / "2020" / "papers" / "rombach2020smartpred.md"
    text = page.read_text()
    summary = text.splitlines()[1]
    page.write_text(text.replace(summary, summary + " It was edited."))
    again = sphinx_build(project, out, quiet=False)
    assert again.returncode == 0, again.stderr
    assert pages_read(again.stdout) == {"2020/papers/rombach2020smartpred"}
    assert kept.stat().st_mtime_ns == before
    assert "It was edited." in text_of(out, "2020/papers/rombach2020smartpred")
    # Its {paper} line is data: naming another key is read, and reported at its line.
    page.write_text(text.replace("{paper} rombach2020smartpred", "{paper} rombach2020"))
    broken = sphinx_build(project, out)
    assert broken.returncode != 0
    assert "2020/papers/rombach2020smartpred.md:1: ERROR: paper 'rombach2020' is not in references.bib" in broken.stderr


def test_cancelling_a_talk_in_the_schedule_shows_everywhere(project, tmp_path):
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    schedule = project / "2020" / "program" / "schedule.yaml"
    text = schedule.read_text()
    start = text.index("  - id: torge-get-together")
    item = text[start : text.index("\n\n", start)]
    changed = item.replace("status: on-demand", "status: cancelled").replace(
        "updated: 2020-06-14", "updated: 2020-06-19"
    )
    # The guide's step: a change of the programme is announced on the day it is made.
    announcement = (
        "announcements:\n  - id: talk-cancelled-2020\n    date: 2020-06-19\n    title: A talk is cancelled\n"
        "    text: The talk Get Together is cancelled.\n"
    )
    schedule.write_text(text.replace(item, changed).replace("announcements:\n", announcement, 1))

    result = sphinx_build(project, out)  # incremental
    assert result.returncode == 0, result.stderr
    talk = BeautifulSoup((out / "2020" / "program" / "torge-get-together.html").read_text(), "html.parser")
    assert talk.select_one(".ws-facts strong").get_text() == "Cancelled"
    row = BeautifulSoup((out / "2020" / "program" / "index.html").read_text(), "html.parser").select_one(
        "tr#item-torge-get-together"
    )
    assert "Invited talk (Cancelled)" in row.get_text()
    # Struck through and still readable, on the programme and on its page.
    assert "ws-cancelled" in row["class"]
    assert row.select_one("td:nth-of-type(2) del a").get_text() == "Get Together - HPC, Big Data, and Machine Learning"
    heading = talk.select_one("article h1")
    assert heading.select_one("del").get_text() == "Get Together - HPC, Big Data, and Machine Learning"
    assert heading.get_text().rstrip("#").endswith(" (cancelled)")
    # Nothing to add to a calendar; the people index credits the talk as cancelled, not as given.
    assert "Add to calendar" not in talk.select_one(".ws-facts").get_text()
    people = BeautifulSoup((out / "people.html").read_text(), "html.parser")
    credits = {li.get_text(" ", strip=True) for li in people.select("li li") if "Get Together - HPC" in li.get_text()}
    assert credits and all("invited talk (cancelled)" in credit for credit in credits), credits
    # Conference apps show titles: the title says it (and the subtitle).
    xml = etree.parse(str(out / "2020" / "program" / "schedule.xml"))
    (event,) = [e for e in xml.iter("event") if e.findtext("slug") == "mlhpcs2020-torge-get-together"]
    assert event.findtext("title") == "Cancelled: Get Together - HPC, Big Data, and Machine Learning"
    assert event.findtext("subtitle").endswith("(cancelled)")
    data = json.loads((out / "2020" / "program" / "schedule.json").read_text())
    titles = [e["title"] for d in data["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r]
    assert "Cancelled: Get Together - HPC, Big Data, and Machine Learning" in titles
    events = icalendar.Calendar.from_ical((out / "2020" / "program" / "program.ics").read_bytes()).walk("VEVENT")
    (cancelled,) = [e for e in events if e["UID"] == "torge-get-together@mlhpcs.org"]
    assert cancelled["STATUS"] == "CANCELLED"
    # A new version, from what changed (not from `updated:`): newer than what was published, at the build's clock.
    assert cancelled["SEQUENCE"] > 237480
    assert cancelled.decoded("LAST-MODIFIED").timestamp() == int(SESSION_CLOCK["SOURCE_DATE_EPOCH"])


def test_writing_every_page_again_without_reading_keeps_the_formatted_references(project, tmp_path):
    """`-a` writes every page from the kept environment: the bibliographies
    (formatted in the build before) come out the same, and the theme's
    stylesheet stays without its Font Awesome rules."""
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    pages = {p: p.read_bytes() for p in out.rglob("*.html")}
    assert "GOPHER, an HPC framework for large scale graph exploration" in text_of(out, "2020/papers/bibliography")

    again = sphinx_build(project, out, "-a", quiet=False)
    assert again.returncode == 0, again.stderr
    assert "0 added, 0 changed, 0 removed" in again.stdout
    assert "writing output... [100%]" in again.stdout
    changed = [str(p.relative_to(out)) for p, before in pages.items() if p.read_bytes() != before]
    assert changed == []
    theme_css = (out / "_static" / "styles" / "pydata-sphinx-theme.css").read_text()
    assert ".fa-github" not in theme_css and '{--fa:"' not in theme_css


def test_an_edited_template_shows_in_the_next_build(project, tmp_path):
    """An edited template shows on every page of the next build."""
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    template = project / "_templates" / "site-home.html"
    template.write_text(template.read_text().replace('aria-label="{{', 'data-edited="yes" aria-label="{{'))
    again = sphinx_build(project, out)
    assert again.returncode == 0, again.stderr
    for page in ("index", "2020/cfp", "search", "2020/papers/rombach2020smartpred"):
        assert 'data-edited="yes"' in (out / f"{page}.html").read_text(), page


def test_a_damaged_data_file_beside_the_doctrees_is_read_afresh(project, tmp_path):
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    kept = out / ".doctrees" / "workshop-data.pickle"
    assert kept.is_file()
    kept.write_bytes(kept.read_bytes()[:100])  # cut short, as by a full disk
    again = sphinx_build(project, out)
    assert again.returncode == 0, again.stderr
    assert "SmartPred" in text_of(out, "2020/papers/rombach2020smartpred")


def pages_read(output: str) -> set[str]:
    # (With CI set, Sphinx starts each progress line by erasing the terminal line.)
    return set(re.findall(r"^(?:\x1b\[[0-9;]*K)?reading sources\.\.\. \[\s*\d+%\] (\S+)", output, re.M))


def pages_written(output: str) -> set[str]:
    return set(re.findall(r"^(?:\x1b\[[0-9;]*K)?writing output\.\.\. \[\s*\d+%\] (\S+)", output, re.M))


def test_a_page_whose_text_alone_changed_leaves_its_neighbours_unwritten(project, tmp_path):
    """Its neighbours' "previous"/"next" links show its title, which did not change: they stay as they are."""
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    page = project / "2020" / "papers" / "rombach2020smartpred.md"
    page.write_text(page.read_text() + "\nA sentence added to the summary.\n")
    again = sphinx_build(project, out, quiet=False)
    assert again.returncode == 0, again.stderr
    # (and its parent, as Sphinx writes the page whose toctree lists an edited one)
    assert pages_written(again.stdout) == {"2020/papers/rombach2020smartpred", "2020/papers/index"}


def test_a_title_changed_in_the_bib_rereads_only_the_pages_that_show_it(project, tmp_path):
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    bib = project / "references.bib"
    bib.write_text(bib.read_text().replace(OLD, NEW))
    again = sphinx_build(project, out, quiet=False)
    assert again.returncode == 0, again.stderr
    assert pages_read(again.stdout) == {
        "2020/papers/rombach2020smartpred",  # the paper's page
        "2020/program/index",  # the programme table
        "2020/papers/index",  # the edition's papers
        "papers/index",  # the series' papers
        "people",  # its authors' roles
        "2020/papers/bibliography",  # its formatted reference
    }
    # Its neighbours are written again: their "previous"/"next" links show the title.
    assert {"2020/papers/herron2020ensembles", "2020/papers/index"} <= pages_written(again.stdout)
    neighbour = BeautifulSoup((out / "2020/papers/herron2020ensembles.html").read_text(), "html.parser")
    assert "SmartPred: Finding Failing Disks Early" in neighbour.select_one(".prev-next-area").get_text()


def test_a_2021_title_changed_in_the_bib_leaves_the_2020_bibliography_unread(project, tmp_path):
    """sphinxcontrib-bibtex makes every {bibliography} depend on the whole
    .bib; an edition's bibliography is read again only for its own papers."""
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    bib = project / "references.bib"
    bib.write_text(bib.read_text().replace("{MSM}: Multi-stage Multicuts", "{MSM}: Multi-stage Graph Multicuts"))
    again = sphinx_build(project, out, quiet=False)
    assert again.returncode == 0, again.stderr
    read = pages_read(again.stdout)
    assert "2021/papers/bibliography" in read and "2020/papers/bibliography" not in read
    assert "2021/index" not in read  # its citation shows authors and year, not the title
    # (formatted anew: the entries formatted in the build before are used only while unchanged)
    assert "MSM: multi-stage graph multicuts for scalable" in text_of(out, "2021/papers/bibliography")


def test_changed_authors_in_the_bib_show_in_every_citation_of_the_paper(project, tmp_path):
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    bib = project / "references.bib"
    two_authors = "author    = {Rombach, Philipp and Keuper, Janis}"
    bib.write_text(bib.read_text().replace(two_authors, "author    = {Rombach, Philipp}"))
    again = sphinx_build(project, out, quiet=False)
    assert again.returncode == 0, again.stderr
    assert {"index", "2020/index", "2020/papers/bibliography"} <= pages_read(again.stdout)
    for page in ("index", "2020/index"):
        text = " ".join(text_of(out, page).split())
        assert "Rombach [ 2020 ]" in text and "Rombach and Keuper" not in text, page
    assert "Philipp Rombach. SmartPred" in " ".join(text_of(out, "2020/papers/bibliography").split())


def test_an_item_edited_in_2021_rereads_only_its_pages(project, tmp_path):
    out = tmp_path / "out"
    assert sphinx_build(project, out).returncode == 0
    edition = project / "2021" / "program" / "schedule.yaml"
    edition.write_text(
        edition.read_text().replace(
            "{name: Ahmed Elnaggar, affiliation: TU Munich}", "{name: Ahmed Elnaggar, affiliation: TU München}"
        )
    )
    again = sphinx_build(project, out, quiet=False)
    assert again.returncode == 0, again.stderr
    assert pages_read(again.stdout) == {"2021/program/elnaggar-scaling", "2021/program/index", "people"}
    assert "TU München" in (out / "2021/program/elnaggar-scaling.html").read_text()


def test_a_parallel_build_writes_the_same_site_byte_for_byte(site, tmp_path):
    """`make html JOBS=auto`: pages read and written by two processes."""
    from conftest import ROOT

    out = tmp_path / "parallel"
    result = sphinx_build(ROOT, out, "-j", "2")
    assert result.returncode == 0, result.stderr
    serial = {
        p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file() and ".doctrees" not in p.parts
    }
    parallel = {
        p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".doctrees" not in p.parts
    }
    assert sorted(parallel) == sorted(serial)
    for files in (serial, parallel):  # (each edition's offline list says when its build ran: the one difference)
        for path in [p for p in files if p.name == "offline.json"]:
            files[path] = json.dumps({**json.loads(files[path]), "built": None}).encode()
    assert [str(p) for p in serial if serial[p] != parallel[p]] == []
