"""The real site, built once: what a reader sees on each page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file, parse_string

from conftest import ROOT
from workshop.load import load_bib, paper_from

BIB = parse_file(ROOT / "references.bib")
ENTRIES, _ = load_bib(ROOT / "references.bib")
PAPERS = {k: paper_from(k, e) for k, e in ENTRIES.items() if e.entry.type == "inproceedings"}
PAGES = [
    "index",
    "cfp",
    "committee",
    "program/index",
    "program/brayford-containers",
    "program/torge-get-together",
    "program/labus-distributed-deep-learning",
    "program/live-qa",
    "papers/index",
    "papers/bibliography",
    *[f"papers/{key}" for key in PAPERS],
]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def heading(tag) -> str:
    return tag.get_text(strip=True).rstrip("#¶")  # without the theme's anchor link


def test_every_page_is_reachable_from_the_navigation(site):
    seen, queue = set(), ["index.html"]
    while queue:
        page = queue.pop()
        if page in seen or not (site / page).is_file():
            continue
        seen.add(page)
        nav = soup(site, page.removesuffix(".html")).select(".bd-sidebar-primary a[href], .prev-next-area a[href]")
        for link in nav:
            href = link["href"].split("#")[0]
            if href and "://" not in href:
                queue.append(str(Path(urljoin(page, href))))
    assert {f"{p}.html" for p in PAGES} <= seen


@pytest.mark.parametrize("key", sorted(PAPERS))
def test_paper_page_shows_title_authors_and_doi_from_the_bib(site, key):
    paper, page = PAPERS[key], soup(site, f"papers/{key}")
    assert heading(page.h1) == paper.title
    assert page.select_one(".ws-authors").get_text() == ", ".join(paper.authors)
    doi_links = [a["href"] for a in page.select(".ws-publication a")]
    if paper.doi:
        assert doi_links == [f"https://doi.org/{paper.doi}"]
    else:
        assert doi_links == [] and "DOI" not in page.select_one(".ws-publication").get_text()
    assert "Volume 12321".lower() in page.get_text().lower() or "vol. 12321" in page.get_text()


def test_unverified_facts_are_left_out(site):
    ensembles = soup(site, "papers/herron2020ensembles").get_text()
    assert "59851-8_14" not in ensembles and "doi.org" not in ensembles.replace("https://doi.org", "")
    assert "pp. 223–234" in ensembles
    for key in ("rombach2020smartpred", "josepfabrego2020gopher"):
        assert "pp." not in soup(site, f"papers/{key}").select_one(".ws-publication").get_text()


@pytest.mark.parametrize("key", sorted(PAPERS))
def test_bibtex_block_and_download_parse_to_the_entry_of_references_bib(site, key):
    page = soup(site, f"papers/{key}")
    block = page.select_one(".ws-bibtex pre").get_text()
    download = (site / "papers" / f"{key}.bib").read_text(encoding="utf-8")
    assert page.select_one(f'a[download][href="{key}.bib"]') is not None
    for text in (block, download):
        parsed = parse_string(text, "bibtex").entries
        assert list(parsed) == [key]
        assert parsed[key].fields == BIB.entries[key].fields
        assert parsed[key].persons == BIB.entries[key].persons
    whole = parse_file(site / "references.bib")
    assert list(whole.entries) == list(BIB.entries)


def test_papers_index_lists_every_paper_with_presenter(site):
    items = soup(site, "papers/index").select(".ws-papers > li")
    titles = [item.select_one("a").get_text() for item in items]
    assert sorted(titles) == sorted(p.title for p in PAPERS.values())
    assert "Presented by Xavier Teruel." in " ".join(i.get_text() for i in items)


def test_bibliography_lists_all_accepted_papers(site):
    text = soup(site, "papers/bibliography").select_one("article").get_text(" ", strip=True)
    for paper in PAPERS.values():
        assert paper.title.split(":")[0].split(",")[0].lower() in text.lower()


def test_committee_lists_thirteen_people(site):
    names = {li.get_text().split(" (")[0] for li in soup(site, "committee").select("article li")}
    assert len(names) == 13
    assert {"Janis Keuper", "Sunna Torge", "Sebastien Varrette", "Ariel Oleksiak"} <= names


@pytest.mark.parametrize("page", PAGES)
def test_announcement_and_one_title_on_every_page(site, page):
    html = soup(site, page)
    assert "online workshop" in html.select_one(".bd-header-announcement").get_text()
    assert len(html.select("article h1")) == 1


def test_home_page_content(site):
    home = soup(site, "index")
    text = home.get_text(" ", strip=True)
    for phrase in (
        "Corona update",
        "cancelled this year’s meeting",
        "Topics / Scope",
        "time to be announced",
        "Springer LNCS",
    ):
        assert phrase in text
    mail = [unquote(a["href"]) for a in home.select('article a[href^="mailto:"]')]
    assert mail == ["mailto:info@mlhpcs.org"]  # Sphinx percent-encodes the @ against harvesters
    logo = home.select_one("img.ws-logo")
    assert (site / logo["src"]).stat().st_size < 60_000
    assert home.select_one('a[href="https://www.springer.com/gp/book/9783030598501"]') is not None


def test_programme_lists_every_talk(site):
    table = soup(site, "program/index").select_one("table.ws-schedule")
    titles = [row.select("td")[2].get_text() for row in table.select("tbody tr")]
    assert (
        titles[1] == "Deploying machine learning algorithms at Petaflop scale on secure HPC production "
        "systems with containers"
    )
    assert set(p.title for p in PAPERS.values()) <= set(titles)
    assert "Live Q&A" in titles


def test_call_for_papers_is_marked_closed(site):
    page = soup(site, "cfp")
    assert "closed" in heading(page.h1).lower()
    text = page.get_text(" ", strip=True)
    for fact in ("Double-blind", "12 pages", "15 April 2020", "29 May 2020", "cmt3.research.microsoft.com"):
        assert fact in text


@pytest.mark.parametrize("page", ["papers/rombach2020smartpred", "program/brayford-containers"])
def test_recording_is_a_link_and_a_click_to_load_player(site, page):
    html = soup(site, page)
    player = html.select_one("figure.ws-player")
    assert player["data-src"].startswith("https://video.hs-offenburg.de/media/embed?key=")
    assert player.select_one("figcaption a")["href"] == player["data-src"]
    assert html.select("iframe") == []  # nothing loads from the video host before a click
    calendar = html.select_one('.ws-facts a[download][href$=".ics"]')
    assert (site / Path(page).parent / calendar["href"]).resolve().is_file()
