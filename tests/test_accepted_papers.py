"""Papers are accepted before they are published: an edition with no proceedings volume yet lists its
accepted papers, "to appear"; and a field left out of a BibTeX entry shows less, never "None"."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, sphinx_build

FIXTURE = ROOT / "tests" / "fixtures" / "edition-2022"
PAPER = "tester2022synthetic"


def page(out, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def built(project, out):
    result = sphinx_build(project, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def add_2022(project, *, proceedings: bool, volume_named: bool):
    """The synthetic 2022 edition, before its volume exists (and, with volume_named, once the publisher named it)."""
    shutil.copytree(FIXTURE / "2022", project / "2022")
    entries = (FIXTURE / "references-2022.bib").read_text()
    if not proceedings:
        entries = entries[entries.index("@inproceedings") :]
        schedule = project / "2022" / "program" / "schedule.yaml"
        schedule.write_text(schedule.read_text().replace("  proceedings: synthetic2022volume\n", ""))
        bibliography = project / "2022" / "papers" / "bibliography.md"
        bibliography.write_text(bibliography.read_text().replace('volume == "22"', 'year == "2022"'))
    if not volume_named:
        entries = re.sub(r"  (series|volume|publisher) += \{[^}]*\},\n", "", entries)
    bib = project / "references.bib"
    bib.write_text(bib.read_text() + entries)


@pytest.fixture(scope="module")
def accepted(tmp_path_factory):
    base = tmp_path_factory.mktemp("accepted")
    project = copy_project(base / "site")
    add_2022(project, proceedings=False, volume_named=False)
    return built(project, base / "out")


def test_an_accepted_papers_page_says_accepted_and_where_it_will_appear(accepted):
    text = page(accepted, f"2022/papers/{PAPER}").find(class_="ws-publication").get_text(" ", strip=True)
    assert text == "Accepted paper, to appear in: Synthetic Proceedings 2022. 2022."


def test_the_editions_papers_page_lists_accepted_papers_as_accepted(accepted):
    main = page(accepted, "2022/papers/index").find("main").get_text(" ", strip=True)
    assert "Accepted papers, to appear in the proceedings." in main
    assert "A Synthetic Paper for a Third Edition" in main
    series = page(accepted, "papers/index").find(id="papers-2022")
    assert series.find(["h2", "h3"]).get_text(strip=True).rstrip("#¶") == "2022: accepted papers"
    assert "MLHPCS 2022: accepted papers, to appear in the proceedings." in series.get_text(" ", strip=True)


def test_an_accepted_paper_is_not_published_in_its_metadata(accepted):
    scripts = page(accepted, f"2022/papers/{PAPER}").find_all("script", type="application/ld+json")
    article = next(d for d in (json.loads(s.string) for s in scripts) if d.get("@type") == "ScholarlyArticle")
    assert article["creativeWorkStatus"] == "Accepted"
    assert "datePublished" not in article


def test_the_bibliography_of_an_edition_before_its_volume_lists_its_paper(accepted):
    entries = page(accepted, "2022/papers/bibliography").select('[role="listitem"]')
    assert [e.get_text("", strip=True).split("]")[0] + "]" for e in entries] == ["[TK22]"]


def test_once_the_publisher_names_the_volume_the_page_says_where(tmp_path):
    project = copy_project(tmp_path / "site")
    add_2022(project, proceedings=False, volume_named=True)
    out = built(project, tmp_path / "out")
    text = page(out, f"2022/papers/{PAPER}").find(class_="ws-publication").get_text(" ", strip=True)
    assert text == (
        "Accepted paper, to appear in: Synthetic Proceedings 2022. "
        "Lecture Notes in Examples, vol. 22. Example Press, 2022."
    )


# --- every optional field of an entry left out in turn ---------------------------------------------

OPTIONAL = ["series", "volume", "publisher", "address", "doi", "pages", "editor", "isbn"]


def without(entry_key: str, field: str, bib: str) -> str:
    start = bib.index(f"{{{entry_key},")
    end = bib.index("\n}", start)
    entry = re.sub(rf"\n  {field} += \{{.*\}},?", "", bib[start:end])
    return bib[:start] + entry.rstrip(",") + bib[end:]


@pytest.mark.parametrize("field", OPTIONAL)
def test_a_field_left_out_shows_less_never_none(tmp_path, field):
    project = copy_project(tmp_path / "site")
    add_2022(project, proceedings=True, volume_named=True)
    bib = project / "references.bib"
    text = bib.read_text()
    of_the_volume = field in ("isbn", "editor")
    text = without("synthetic2022volume" if of_the_volume else PAPER, field, text)
    # (series and volume of the paper must match its volume's: left out of both)
    if field in ("series", "volume"):
        text = without("synthetic2022volume", field, text)
        bibliography = project / "2022" / "papers" / "bibliography.md"
        bibliography.write_text(bibliography.read_text().replace('volume == "22"', 'year == "2022"'))
    bib.write_text(text)
    out = built(project, tmp_path / "out")
    for name in (f"2022/papers/{PAPER}", "2022/papers/index", "papers/index", "2022/papers/bibliography"):
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        visible = BeautifulSoup(html, "html.parser").get_text(" ")
        assert "None" not in visible, name
        description = BeautifulSoup(html, "html.parser").find("meta", attrs={"name": "description"})
        assert description is None or "None" not in description["content"], name
        assert "None" not in " ".join(m.get("content", "") for m in BeautifulSoup(html, "html.parser").find_all("meta"))
    for export in ("ris", "json", "bib"):
        assert "None" not in (out / "2022" / "papers" / f"{PAPER}.{export}").read_text(encoding="utf-8"), export
