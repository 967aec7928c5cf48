"""The real site, built once: what a reader sees on each page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file, parse_string

from conftest import ROOT
from workshop.data.pipeline import load_workshop
from workshop.data.read_series import series_lines

BIB = parse_file(ROOT / "references.bib")
WORKSHOP, _ = load_workshop(ROOT, series_lines(ROOT / "conf.py")[0], ROOT / "conf.py", "references.bib")
PAPERS = WORKSHOP.papers
PAPERS_2020 = {k: p for k, p in PAPERS.items() if p.volume == "12321"}
PAGES_2020 = [
    "2020/index",
    "2020/cfp",
    "2020/committee",
    "2020/program/index",
    "2020/program/brayford-containers",
    "2020/program/torge-get-together",
    "2020/program/labus-distributed-deep-learning",
    "2020/program/live-qa",
    "2020/papers/index",
    "2020/papers/bibliography",
    *[f"2020/papers/{key}" for key in PAPERS_2020],
]
PAGES_2021 = [
    "2021/index",
    "2021/cfp",
    "2021/committee",
    "2021/program/index",
    *[WORKSHOP.talk_pages[i] for i in sorted(WORKSHOP.talk_pages) if WORKSHOP.talk_pages[i].startswith("2021/")],
    "2021/papers/index",
    "2021/papers/bibliography",
    "2021/papers/ho2021msm",
    "2021/papers/murana2021energy",
]
PAGES = ["index", "program/index", "papers/index", "committee", "people", *PAGES_2020, *PAGES_2021]


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
    assert len(PAGES_2021) == 16


@pytest.mark.parametrize("key", sorted(PAPERS))
def test_paper_page_shows_title_authors_and_doi_from_the_bib(site, key):
    paper, page = PAPERS[key], soup(site, WORKSHOP.paper_pages[key])
    assert heading(page.h1) == paper.title
    assert [a.get_text() for a in page.select(".ws-authors a")] == list(paper.authors)
    doi_links = [a["href"] for a in page.select(".ws-publication a")]
    if paper.doi:
        assert doi_links == [f"https://doi.org/{paper.doi}"]
    else:
        assert doi_links == [] and "DOI" not in page.select_one(".ws-publication").get_text()
    assert f"vol. {paper.volume}" in page.select_one(".ws-publication").get_text()


def test_unverified_facts_are_left_out(site):
    ensembles = soup(site, "2020/papers/herron2020ensembles").get_text()
    assert "59851-8_14" not in ensembles and "doi.org" not in ensembles.replace("https://doi.org", "")
    assert "pp. 223–234" in ensembles
    for key in ("rombach2020smartpred", "josepfabrego2020gopher", "ho2021msm", "murana2021energy"):
        assert "pp." not in soup(site, WORKSHOP.paper_pages[key]).select_one(".ws-publication").get_text()
    volume = soup(site, "papers/index").get_text(" ", strip=True)
    assert "12761" in volume and "Jagode" not in soup(site, "2021/papers/ho2021msm").get_text()


@pytest.mark.parametrize("key", sorted(PAPERS))
def test_bibtex_block_and_download_parse_to_the_entry_of_references_bib(site, key):
    page = soup(site, WORKSHOP.paper_pages[key])
    block = page.select_one(".ws-bibtex pre").get_text()
    download = (site / f"{WORKSHOP.paper_pages[key]}.bib").parent.joinpath(f"{key}.bib").read_text(encoding="utf-8")
    assert page.select_one(f'a[download][href="{key}.bib"]') is not None
    for text in (block, download):
        parsed = parse_string(text, "bibtex").entries
        assert list(parsed) == [key]
        assert parsed[key].fields == BIB.entries[key].fields
        assert parsed[key].persons == BIB.entries[key].persons
    whole = parse_file(site / "references.bib")
    assert list(whole.entries) == list(BIB.entries)
    edition = WORKSHOP.edition_of_paper(key)
    own = parse_file(site / edition.folder / "references.bib")
    assert list(own.entries) == [edition.proceedings, *(p.key for p in WORKSHOP.papers_of(edition))]


def test_papers_index_groups_every_paper_by_edition_and_volume(site):
    page = soup(site, "papers/index")
    groups = [heading(h) for h in page.select("article section > h2")]
    assert groups == ["2021: LNCS 12761", "2020: LNCS 12321"]
    for group, year in zip(page.select("article section section"), (2021, 2020), strict=True):
        titles = [a.get_text() for a in group.select(".ws-papers > li strong a")]
        assert titles == [p.title for p in WORKSHOP.papers_of(WORKSHOP.edition(year))]
    assert page.select_one('a[download][href="../references.bib"]') is not None


def test_edition_papers_index_lists_its_papers_with_presenter(site):
    items = soup(site, "2020/papers/index").select(".ws-papers > li")
    titles = [item.select_one("a").get_text() for item in items]
    assert sorted(titles) == sorted(p.title for p in PAPERS_2020.values())
    assert "Presented by Xavier Teruel." in " ".join(i.get_text() for i in items)
    items_2021 = soup(site, "2021/papers/index").select(".ws-papers > li")
    assert [i.select_one(".ws-presenter").get_text(" ", strip=True).split(" DOI")[0] for i in items_2021] == [
        "Presented by Kalun Ho.",
        "Presented by Jonathan Muraña.",
    ]


@pytest.mark.parametrize("year", [2020, 2021])
def test_bibliography_lists_the_editions_papers_only(site, year):
    text = soup(site, f"{year}/papers/bibliography").select_one("article").get_text(" ", strip=True)
    for paper in PAPERS.values():
        shown = paper.title.split(":")[0].split(",")[0].lower() in text.lower()
        assert shown == (WORKSHOP.edition_of_paper(paper.key).year == year), paper.key
    # Each reference, sorted by first author as BibTeX's plain style sorts, links to its paper's page.
    # A list for screen readers: role="list" around role="listitem" (not docutils' doc-biblioentry).
    entries = soup(site, f"{year}/papers/bibliography").select('article [role="list"] > [role="listitem"]')
    keys = [entry["id"] for entry in entries]
    assert keys == sorted(keys) and set(keys) == {k for k in PAPERS if WORKSHOP.edition_of_paper(k).year == year}
    assert [entry.select_one("a.internal")["href"] for entry in entries] == [f"{key}.html" for key in keys]
    assert all(entry.get_text(" ", strip=True).endswith("Paper page") for entry in entries)


def test_bibliography_labels_are_bibtex_alpha_labels_of_the_printed_names(site):
    labels = {}
    for year in (2020, 2021):
        for entry in soup(site, f"{year}/papers/bibliography").select(".citation"):
            labels[entry["id"]] = entry.select_one(".label").get_text()
    assert labels == {
        "herron2020ensembles": "[HYP20]",
        "josepfabrego2020gopher": "[JFTGA+20]",
        "rombach2020smartpred": "[RK20]",
        "ho2021msm": "[HCKK21]",
        "murana2021energy": "[MNN21]",  # Mura{\\~n}a is one letter, as BibTeX counts it
    }


def citations(site, page):
    return [
        (c.get_text(" ", strip=True), c.select_one("a")["href"]) for c in soup(site, page).select(".bibtex-citation")
    ]


def test_citations_in_a_page_link_to_the_entries_of_their_editions_bibliography(site):
    assert citations(site, "2021/index") == [
        ("Ho et al. [ 2021 ]", "papers/bibliography.html#ho2021msm"),
        ("Muraña et al. [ 2021 ]", "papers/bibliography.html#murana2021energy"),
    ]
    text = " ".join(soup(site, "2021/index").select_one("article").get_text(" ", strip=True).split())
    assert "Two of the contributed talks are published there, Ho et al. [ 2021 ] and Muraña et al. [ 2021 ] ." in text


def test_citations_in_an_announcement_on_its_edition_and_the_series_home(site):
    expected = [
        ("Rombach and Keuper [ 2020 ]", "bibliography.html#rombach2020smartpred"),
        ("Herron et al. [ 2020 ]", "bibliography.html#herron2020ensembles"),
        ("Josep-Fabregó et al. [ 2020 ]", "bibliography.html#josepfabrego2020gopher"),
    ]
    assert citations(site, "2020/index") == [(text, f"papers/{href}") for text, href in expected]
    assert citations(site, "index") == [(text, f"2020/papers/{href}") for text, href in expected]
    news = soup(site, "index").select_one("#news-recordings-online-2020").get_text(" ", strip=True)
    assert "paper presentations are online: Rombach and Keuper [ 2020 ] , Herron et al. [ 2020 ] and" in news


def committee_names(site, page):
    return [li.get_text().split(" (")[0] for li in soup(site, page).select("article li")]


def test_committees_2020_list_thirteen_people(site):
    names = committee_names(site, "2020/committee")
    assert len(names) == len(set(names)) == 13
    assert {"Janis Keuper", "Sunna Torge", "Sebastien Varrette", "Ariel Oleksiak"} <= set(names)
    assert "All members of the organizing committee, and:" in soup(site, "2020/committee").get_text()


def test_committees_2021_organizing_only_and_truthfully_no_programme_committee(site):
    page = soup(site, "2021/committee")
    assert committee_names(site, "2021/committee") == [
        "Juan J. Durillo",
        "Dennis Hoppe",
        "Jenia Jitsev",
        "Janis Keuper",
        "Sunna Torge",
    ]
    assert "No programme committee was published for MLHPCS 2021." in page.get_text()
    assert "Varrette" not in page.get_text()


@pytest.mark.parametrize("page", PAGES)
def test_notice_on_2020_pages_only_and_one_title_on_every_page(site, page):
    html = soup(site, page)
    notice = html.select_one(".bd-header-announcement")
    if page.startswith("2020/"):  # (its status, then its notice as announced, on its day: the edition is over)
        assert notice.get_text(" ", strip=True) == (
            "MLHPCS 2020 moved online (announced on 14 April 2020). "
            "Announced on 14 June 2020 : “MLHPCS 2020 is an online workshop: recordings of all talks from "
            "20 June 2020, live Q&A via Zoom on 25 June 2020.”"
        )
        assert notice.select_one("time")["datetime"] == "2020-06-14"
    else:
        assert notice is None
    assert len(html.select("article h1")) == 1


def test_series_home_lists_editions_newest_first(site):
    home = soup(site, "index")
    entries = home.select(".ws-editions > li")
    assert [e.select_one("a").get_text() for e in entries] == ["MLHPCS 2021", "MLHPCS 2020"]
    assert [e.select_one("a")["href"] for e in entries] == ["2021/index.html", "2020/index.html"]
    assert entries[0].get_text(" ", strip=True).startswith("MLHPCS 2021 Fri 2 July 2021; online, with ISC 2021.")
    assert "20 June to 25 June 2020; online (moved online), with ISC 2020." in entries[1].get_text(" ", strip=True)
    assert "Corona" not in home.get_text()
    mail = [unquote(a["href"]) for a in home.select('article a[href^="mailto:"]')]
    assert mail == ["mailto:info@mlhpcs.org"]


def test_home_page_2020_content(site):
    home = soup(site, "2020/index")
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
    # In the edition's facts and in the page's own Contact section; Sphinx
    # percent-encodes the @ against harvesters.
    assert mail == ["mailto:info@mlhpcs.org", "mailto:info@mlhpcs.org"]
    logo = home.select_one("img.ws-logo")
    assert (site / "2020" / logo["src"]).resolve().stat().st_size < 60_000
    assert home.select_one('a[href="https://www.springer.com/gp/book/9783030598501"]') is not None


def test_home_page_2021_content(site):
    home = soup(site, "2021/index")
    facts = home.select_one(".ws-facts").get_text(" ", strip=True)
    assert "Fri 2 July 2021" in facts
    assert "from 14:00 CEST (UTC+02:00); the last item, Closing Discussions, started at 18:15" in facts
    assert "online, held with ISC High Performance 2021" in facts
    assert "ISC 2021: 24 June to 2 July 2021, held online" in facts
    text = home.get_text(" ", strip=True)
    assert "Machine Learning Day" in text and "volume 12761" in text
    assert len(home.select("article ul:not(.ws-facts) li")) >= 7  # the seven topics
    assert "18:15–" not in text and "6pm" not in text


def test_programme_2020_lists_every_talk(site):
    table = soup(site, "2020/program/index").select_one("table.ws-schedule")
    titles = [row.select("td")[1].get_text() for row in table.select("tbody tr")]
    assert (
        titles[1] == "Deploying machine learning algorithms at Petaflop scale on secure HPC production "
        "systems with containers"
    )
    assert set(p.title for p in PAPERS_2020.values()) <= set(titles)
    assert "Live Q&A" in titles


def test_programme_2021_has_twelve_timed_items_in_cest(site):
    rows = soup(site, "2021/program/index").select("table.ws-schedule tbody tr")
    kinds = [row.select("td")[0].get_text() for row in rows]
    assert len(rows) == 12
    assert {k: kinds.count(k) for k in set(kinds)} == {
        "Session": 2,
        "Keynote": 1,
        "Invited talk": 4,
        "Contributed talk": 5,
    }
    times = [row.select_one("time") for row in rows]
    assert [t["datetime"][11:16] for t in times] == [
        "14:00",
        "14:15",
        "15:00",
        "15:30",
        "16:00",
        "16:15",
        "16:30",
        "17:00",
        "17:30",
        "17:45",
        "18:00",
        "18:15",
    ]
    assert all(t["datetime"].startswith("2021-07-02T") and t["datetime"].endswith("+02:00") for t in times)
    assert times[0].get_text() == "Fri 2 July 2021, 14:00–14:15 CEST (UTC+02:00)"
    assert times[-1].get_text() == "Fri 2 July 2021, 18:15 CEST (UTC+02:00), end not announced"
    assert rows[-1].select("td")[1].get_text() == "Closing Discussions"
    msm = rows[4].select("td")  # (the time is the row's header, a <th>)
    assert msm[1].get_text() == "MSM: Multi-stage Multicuts for Scalable Image Clustering"
    assert msm[2].get_text() == "Kalun Ho (presenter); Avraam Chatzimichailidis; Margret Keuper; Janis Keuper"


@pytest.mark.parametrize(
    ("page", "authors"),
    [
        (
            "2021/papers/ho2021msm",
            "Kalun Ho (Fraunhofer ITWM, presenter); Avraam Chatzimichailidis (Fraunhofer ITWM); "
            "Margret Keuper (University of Mannheim); Janis Keuper (Fraunhofer ITWM and IMLA, Offenburg University)",
        ),
        (
            "2021/program/gan-hyperparameter-search",
            "Mathias Esteban (Universidad de la República, presenter); Jamal Toutouh (Universidad de Málaga); "
            "Sergio Nesmachnow (Universidad de la República)",
        ),
    ],
)
def test_contributed_talks_list_authors_with_affiliations_and_the_presenter(site, page, authors):
    html = soup(site, page)
    facts = dict(
        zip(
            [d.get_text(strip=True).rstrip(":") for d in html.select(".ws-facts dt")],
            [d.get_text(" ", strip=True) for d in html.select(".ws-facts dd")],
            strict=True,
        )
    )
    if "/papers/" in page:  # the authors once, above the facts, which name the presenter
        assert "Authors" not in facts
        shown = html.select_one(".ws-authors").get_text(" ", strip=True).replace(" ,", ",")
        assert shown == authors.replace(", presenter", "").replace(";", ",")
        assert facts["Presenter"] == authors.split(" (")[0]
    else:
        assert facts["Authors"] == authors


@pytest.mark.parametrize(
    "page",
    [
        "2021/program/tensorflow-cpu-tuning",
        "2021/program/gan-hyperparameter-search",
        "2021/program/hpc-hyperparameter-optimisation",
    ],
)
def test_contributed_talks_without_a_paper_claim_none(site, page):
    html = soup(site, page)
    assert html.select('meta[name^="citation_"]') == []
    assert html.select('script[type="application/ld+json"]') == []
    assert html.select(".ws-publication, .ws-bibtex") == []
    text = html.select_one("article").get_text(" ", strip=True)
    assert "published" not in text.lower() and "Cite" not in text and "DOI" not in text
    assert "Contributed talk" in text


def test_people_index_lists_everyone_once_with_every_role(site):
    page = soup(site, "people")
    people = page.select(".ws-people > li")
    names = [p.select_one("strong").get_text() for p in people]
    assert len(names) == len(set(names))
    keuper = next(p for p in people if p.select_one("strong").get_text() == "Janis Keuper")
    roles = [li.get_text().strip() for li in keuper.select("li")]
    assert roles == [  # by edition, newest first
        "MLHPCS 2021: organizing committee (IMLA / Fraunhofer ITWM); "
        "co-author: MSM: Multi-stage Multicuts for Scalable Image Clustering "
        "(Fraunhofer ITWM and IMLA, Offenburg University)",
        "MLHPCS 2020: organizing committee (IMLA / Fraunhofer ITWM); programme committee (IMLA / Fraunhofer ITWM); "
        "co-author: SmartPred: Unsupervised Hard Disk Failure Detection",
    ]
    links = [a["href"] for a in keuper.select("a")]
    assert links == [
        "2021/index.html",
        "2021/committee.html#organizing-committee",
        "2021/papers/ho2021msm.html",
        "2020/index.html",
        "2020/committee.html#organizing-committee",
        "2020/committee.html#programme-committee",
        "2020/papers/rombach2020smartpred.html",
    ]
    toutouh = next(p for p in people if p.select_one("strong").get_text() == "Jamal Toutouh")
    assert [li.get_text().split(" (")[0] for li in toutouh.select("li")] == [
        "MLHPCS 2021",
        "MLHPCS 2020",
    ]
    assert "MLHPCS 2021 (Universidad de Málaga): co-author: " in toutouh.get_text()
    herron = [n for n in names if "Herron" in n]
    assert herron == ["Emily J. Herron"]  # the programme's "Emily Herron" is the same person
    rombach = next(p for p in people if p.select_one("strong").get_text() == "Philipp Rombach")
    assert "co-author and presenter: SmartPred" in rombach.get_text(" ", strip=True)


def test_everyone_the_data_names_is_in_the_people_index(site):
    from workshop.data.people import identity

    names = {p.select_one("strong").get_text() for p in soup(site, "people").select(".ws-people > li")}
    keys = {identity(n) for n in names}
    named = set()
    for edition in WORKSHOP.editions:
        named |= {identity(p.name) for p in (*edition.committees.organizing, *edition.committees.programme)}
        named |= {identity(p.name) for i in edition.items for p in i.speakers}
    named |= {identity(a) for p in PAPERS.values() for a in p.authors}
    assert keys == named


def test_call_for_papers_is_marked_closed_at_its_top(site):
    page = soup(site, "2020/cfp")
    assert heading(page.h1) == "Call for papers 2020"  # (a title names no state that changes: the books print it)
    assert "This call is closed." in page.select_one("article .admonition.important").get_text(" ", strip=True)
    text = page.get_text(" ", strip=True)
    for fact in ("Double-blind", "12 pages", "15 April 2020", "29 May 2020", "cmt3.research.microsoft.com"):
        assert fact in text
    page = soup(site, "2021/cfp")
    assert heading(page.h1) == "Call for papers 2021"  # (a title names no state that changes: the books print it)
    assert "This call is closed." in page.select_one("article .admonition.important").get_text(" ", strip=True)
    text = page.get_text(" ", strip=True)
    for fact in ("18 pages", "14 May 2021", "10 July 2021", "MLHPCS2021", "extended abstract"):
        assert fact in text


@pytest.mark.parametrize("page", ["2020/papers/rombach2020smartpred", "2020/program/brayford-containers"])
def test_recording_is_a_link_and_a_click_to_load_player(site, page):
    html = soup(site, page)
    player = html.select_one("figure.ws-player")
    assert player["data-src"].startswith("https://video.hs-offenburg.de/media/embed?key=")
    assert player.select_one("figcaption a")["href"] == player["data-src"]
    assert html.select("iframe") == []  # nothing loads from the video host before a click
    calendar = html.select_one('.ws-facts a[download][href$=".ics"]')
    assert (site / Path(page).parent / calendar["href"]).resolve().is_file()


def test_no_2021_page_claims_a_recording_or_slides(site):
    for page in PAGES_2021:
        html = soup(site, page)
        assert html.select("figure.ws-player") == [], page
        facts = " ".join(d.get_text() for d in html.select(".ws-facts dt"))
        assert "Recording" not in facts and "Slides" not in facts
