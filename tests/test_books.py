"""The books as their readers get them: each edition's PDF read back with
pdftotext, pdfinfo, pdffonts and mutool, page by page as printed; the e-book's
navigation and epubcheck; and `make latexpdf` and `make epub` publishing all or
nothing. (tests/test_hostile.py prints TeX from the data in a book.)"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zipfile

import pytest
from bs4 import BeautifulSoup
from test_builders import needs

from browser import DESKTOP, PAGE_BUDGET_KIB, PHONE, SiteServer, by_kind, first_visit
from conftest import ROOT, copy_project
from workshop.data import people
from workshop.data.pipeline import load_workshop
from workshop.data.read_series import series_lines

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

WORKSHOP, _ = load_workshop(ROOT, series_lines(ROOT / "conf.py")[0], ROOT / "conf.py", "references.bib")
#: The build's clock, so that the colophon's date is known: 15 January 2026, noon UTC.
MADE = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
#: Lines that only work on a screen: none of them is printed in a book.
WEB_ONLY = [
    "Add to calendar",
    ".ics",
    "Download",
    "download",
    "feed reader",
    "atom.xml",
    "Take the programme with you",
    "Paper page",
    "Cite this paper",
    "@inproceedings",
    "(over)",
    "(closed)",  # (a state that changes: a book is read long after it is made)
    "is closed",
    "Made from the site on",
    "Play the recording",
    "Also show times in my time zone",
    "as a PDF book",
    "this site",  # (a book is not the site: "announced on this site" says nothing on paper)
]


def make(project, builder: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build.py"), str(project), str(project / "_build"), "--builder"]
        + [builder],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(int(MADE.timestamp())), **(env or {})},
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("books") / "site")


@pytest.fixture(scope="module")
def books(project):
    needs("latexmk", "latexmk")
    needs("lualatex", "texlive-luatex")
    result = make(project, "latexpdf")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return project / "_build" / "latexpdf", result


def printed_pages(pdf) -> dict[str, str]:
    """Each page's text by the number printed at its foot (i, ii, ..., 1, 2, ...)."""
    text = subprocess.run(
        [needs("pdftotext", "poppler-utils"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = {}
    for number, page in enumerate(text.split("\f")):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        foot = lines[-1] if lines else ""
        pages[foot if re.fullmatch(r"[0-9]+|[ivxl]+", foot) else f"(unnumbered {number + 1})"] = page
    return pages


def flat(text: str) -> str:
    """One line, without dot leaders and with words broken at a line's end joined."""
    text = re.sub(r"(?:\s*\.){3,}", " ", text)
    return " ".join(text.split()).replace("’", "'")  # (the book's typographic apostrophe)


def titles_with_pages(year: int) -> list[str]:
    """Every talk and paper of the edition that has a page of its own, in programme order."""
    edition = WORKSHOP.edition(year)
    return [WORKSHOP.item_title(i) for i in edition.items if WORKSHOP.page_of(i)]


def contents(pages: dict[str, str]) -> str:
    return flat(" ".join(text for number, text in pages.items() if not number.isdigit()))


@pytest.mark.parametrize("year", [2020, 2021])
def test_the_cover_says_what_where_when_and_the_sites_address(books, year):
    folder, _ = books
    pages = printed_pages(folder / f"mlhpcs-{year}.pdf")
    cover = flat(next(iter(pages.values())))
    edition = WORKSHOP.edition(year)
    start, end = edition.start, edition.end
    one_day = f"{start:%a} {start.day} {start:%B %Y}"
    days = f"{start.day} {start:%B} to {end.day} {end:%B %Y}" if start != end else one_day
    for fact in (f"MLHPCS {year}", "Machine Learning on HPC Systems", days, "Online", f"Held with {edition.host.name}"):
        assert fact in cover, fact
    assert cover.endswith(f"mlhpcs.org/{year}/")


@pytest.mark.parametrize("year", [2020, 2021])
def test_the_contents_list_every_talk_and_paper_at_its_page(books, year):
    folder, _ = books
    pages = printed_pages(folder / f"mlhpcs-{year}.pdf")
    listed = contents(pages)
    titles = titles_with_pages(year)
    assert titles
    for title in titles:
        found = re.search(rf"([0-9]+\.[0-9]+) {re.escape(title)} ([0-9]+)", listed)
        assert found, title
        number, page = found.groups()
        assert f"{number} {title}" in flat(pages[page]), (title, page)  # the heading, on the page said


@pytest.mark.parametrize("year", [2020, 2021])
def test_the_programme_gives_each_talks_page(books, year):
    folder, _ = books
    pages = printed_pages(folder / f"mlhpcs-{year}.pdf")
    listed = contents(pages)
    first = re.search(r"2 Programme [0-9]{4} ([0-9]+)", listed).group(1)
    programme = subprocess.run(  # (reading order, not layout: a table's cells one after another)
        ["pdftotext", "-f", "1", "-l", "99", str(folder / f"mlhpcs-{year}.pdf"), "-"], capture_output=True, text=True
    ).stdout
    start = programme.index("When\nWhat\nTitle\nSpeakers") if "When\nWhat" in programme else programme.index("When")
    table = flat(programme[start : start + 6000])
    for title in titles_with_pages(year):
        page = re.search(rf"[0-9]+\.[0-9]+ {re.escape(title)} ([0-9]+)", listed).group(1)
        assert f"{title} (page {page})" in table, title
    assert int(first) >= 1
    assert "Times are in the event's time zone, Europe/Berlin" in flat(programme)


@pytest.mark.parametrize("year", [2020, 2021])
def test_nothing_web_only_is_printed(books, year):
    folder, _ = books
    text = flat(" ".join(printed_pages(folder / f"mlhpcs-{year}.pdf").values()))
    assert [phrase for phrase in WEB_ONLY if phrase in text] == []


@pytest.mark.parametrize("year", [2020, 2021])
def test_each_papers_doi_is_printed_once_before_the_references_and_once_in_them(books, year):
    folder, _ = books
    text = flat(" ".join(printed_pages(folder / f"mlhpcs-{year}.pdf").values()))
    body = text[: text.index("Bibliography [")]  # (the references, at the end of the book)
    body = body.replace(" ", "")  # (an address may break across lines)
    papers = [p for p in WORKSHOP.papers_of(WORKSHOP.edition(year)) if p.doi]  # (a DOI only where verified)
    assert papers
    assert {p.key: body.count(p.doi) for p in papers} == {p.key: 1 for p in papers}
    assert {p.key: body.count(f"https://doi.org/{p.doi}") for p in papers} == {p.key: 1 for p in papers}
    # In the references, once more as an address to type, not again in a footnote.
    references = text[text.index("Bibliography [") : text.rindex("Index of people")].replace(" ", "")
    assert {p.key: references.count(p.doi) for p in papers} == {p.key: 1 for p in papers}
    assert {p.key: references.count(f"https://doi.org/{p.doi}") for p in papers} == {p.key: 1 for p in papers}


def test_names_and_words_extract_as_written(books):
    """Ligatures are drawn, and a search for the letters finds them."""
    folder, _ = books
    pages = printed_pages(folder / "mlhpcs-2021.pdf")
    text = " ".join(pages.values())
    assert "Nico Hoffmann (TU Dresden)" in text
    assert "Offenburg" in text and "efficient" in text.lower() or "Efficiency" in text
    assert not re.search("[\ufb00-\ufb04]", text)


def test_the_index_names_a_speaker_with_the_page_of_the_talk(books):
    folder, _ = books
    pages = printed_pages(folder / "mlhpcs-2021.pdf")
    listed = contents(pages)
    talk = re.search(r"([0-9]+\.[0-9]+) Large-scale Neural Solvers for Partial Differential Equations ([0-9]+)", listed)
    index = flat(next(text for number, text in pages.items() if number.isdigit() and "Index of people" in text))
    entry = re.search(r"Hoffmann, Nico, ([0-9, ]+)", index)
    assert entry and talk.group(2) in [n.strip() for n in entry.group(1).split(",")]
    soudry = re.search(r"Soudry, Daniel, ([0-9]+)", index).group(1)
    assert "Surprises in Deep Learning Training" in flat(pages[soudry])


@pytest.mark.parametrize("year", [2020, 2021])
def test_the_index_names_each_person_once_in_the_order_a_reader_looks_names_up(books, year):
    """One entry a person, under the fullest spelling (the 2020 programme says
    "Emily Herron", her paper "Emily J. Herron"), sorted by the letters
    without their accents (Jäkel under "Ja")."""
    folder, _ = books
    text = subprocess.run(  # (the order TeX set it in: the index's first column, then its second)
        ["pdftotext", "-raw", str(folder / f"mlhpcs-{year}.pdf"), "-"], capture_output=True, text=True
    ).stdout
    index = text[text.rindex("Index of people") : text.index("Colophon")]
    names = re.findall(r"^(\S[^,\n]*, [^,\n]+), [0-9]", index, re.M)
    assert len(names) > 10
    folded = [people.identity(" ".join(reversed(name.split(", ", 1)))) for name in names]
    assert len(set(folded)) == len(folded), names
    assert folded == sorted(folded), names
    if year == 2020:
        assert "Herron, Emily J." in names and "Herron, Emily" not in names
        assert names.index("Jäkel, René") < names.index("Jitsev, Jenia") < names.index("Josep-Fabregó, Marc")


@pytest.mark.parametrize("year", [2020, 2021])
def test_printed_two_sided_the_contents_and_chapters_open_on_right_hand_pages(books, year):
    folder, _ = books
    text = subprocess.run(
        [needs("pdftotext", "poppler-utils"), "-layout", str(folder / f"mlhpcs-{year}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sheets = text.split("\f")
    assert sheets[1].strip() == ""  # the cover's back: blank, no head, no number
    assert sheets[2].split()[0] == "Contents"  # on the third page, a right-hand one
    openings = {n: flat(t) for n, t in printed_pages(folder / f"mlhpcs-{year}.pdf").items() if n.isdigit()}
    chapters = [n for n, t in openings.items() if re.match(r"Chapter \d+ ", t)]
    assert len(chapters) == 5 and all(int(n) % 2 == 1 for n in chapters), chapters


def squashed(text: str) -> str:
    """Without spaces and hyphens: as the words read, wherever a line broke them."""
    return re.sub(r"[\s\-\u2010]", "", text)


@pytest.mark.parametrize("year", [2020, 2021])
def test_each_talk_and_paper_is_kept_on_one_page(books, year):
    """A talk's or a paper's heading, its facts and its summary are on one page:
    no heading left alone at a page's foot, no summary continued overleaf."""
    folder, _ = books
    pages = {n: squashed(flat(t)) for n, t in printed_pages(folder / f"mlhpcs-{year}.pdf").items() if n.isdigit()}
    items = {item.id: item for item in WORKSHOP.edition(year).items}
    kept = 0
    for path in sorted((ROOT / str(year)).glob("*/*.md")):
        part = re.match(r"```\{(talk|paper)\} (\S+)\n(.*?)\n```", path.read_text(encoding="utf-8"), re.S)
        if part is None:
            continue
        kind, key, summary = part.groups()
        title = WORKSHOP.item_title(items[key]) if kind == "talk" else WORKSHOP.papers[key].title
        found = [n for n, text in pages.items() if re.search(r"\d+\.\d+" + re.escape(squashed(flat(title))), text)]
        assert len(found) == 1, (title, found)
        assert squashed(flat(summary)) in pages[found[0]], title
        kept += 1
    assert kept == {2020: 4 + 3, 2021: 8 + 2}[year]


@pytest.mark.parametrize("year", [2020, 2021])
def test_a_page_left_blank_is_blank(books, year):
    """The back of the cover and of a chapter's last page, left blank so that
    the next chapter opens on a right-hand page, carry no running head and no number."""
    folder, _ = books
    text = subprocess.run(["pdftotext", "-layout", str(folder / f"mlhpcs-{year}.pdf"), "-"], capture_output=True)
    head = f"MLHPCS {year}: Machine Learning on HPC Systems"
    sheets = [
        [line.strip() for line in sheet.splitlines() if line.strip()] for sheet in text.stdout.decode().split("\f")
    ]
    blank = [n for n, lines in enumerate(sheets[:-1], 1) if not lines]
    assert len(blank) >= 3  # (the cover's back and at least two before a chapter)
    only_head_or_number = [
        n
        for n, lines in enumerate(sheets, 1)
        if lines and len(lines) <= 2 and (lines[0].startswith(head) or re.fullmatch(r"[0-9]+|[ivxl]+", lines[0]))
    ]
    assert only_head_or_number == []


@pytest.mark.parametrize("year", [2020, 2021])
def test_each_papers_reference_is_given_once_in_the_references(books, year):
    """In a paper's part, its label in the references at the book's end (and
    its DOI), not the volume's title a second time."""
    folder, _ = books
    text = flat(" ".join(printed_pages(folder / f"mlhpcs-{year}.pdf").values()))
    body, references = text[: text.index("Bibliography [")], text[text.index("Bibliography [") :]
    papers = WORKSHOP.papers_of(WORKSHOP.edition(year))
    labels = re.findall(r"Reference: \[([^\]]+)\]", body)
    assert len(labels) == len(papers) and all(f"[{label}]" in references for label in labels)
    volume = WORKSHOP.volume_of(WORKSHOP.edition(year))
    assert f"In: {volume.title}" not in body and f"Lecture Notes in Computer Science, vol. {volume.volume}" not in body
    assert "Bibliography 20" not in text  # (no heading over an empty part: the references are at the end)


def test_the_programme_says_a_time_once_for_the_rows_that_share_it(books):
    folder, _ = books
    text = subprocess.run(  # (reading order: a table's cells one after another)
        ["pdftotext", "-raw", str(folder / "mlhpcs-2020.pdf"), "-"], capture_output=True, text=True
    ).stdout
    start = text.index("Table 1: Programme of MLHPCS 2020")
    table = flat(text[start : text.index("Live Q&A", start)])
    assert squashed(table).count(squashed("on demand from Sat 20 June 2020")) == 1
    assert "(page 8)" in table  # (the rows below it still there: the papers)


@pytest.mark.parametrize("year", [2020, 2021])
def test_the_colophon_says_where_when_and_what(books, year):
    folder, _ = books
    pages = printed_pages(folder / f"mlhpcs-{year}.pdf")
    # The book's last printed page, after the index of people, as a book has it.
    printed = [flat(text) for text in pages.values() if text.strip()]
    assert [i for i, text in enumerate(printed) if "Colophon" in text] == [len(printed) - 1]
    assert printed[-2].startswith("Index of people") or "Index of people" in printed[-3]
    colophon = printed[-1]
    assert f"Made from the site mlhpcs.org/{year}/ on 15 January 2026" in colophon
    assert "Copyright © 2020–2021, MLHPCS organizing committee." in colophon
    volume = WORKSHOP.volume_of(WORKSHOP.edition(year))
    assert f"The papers are published in {volume.title}, Lecture Notes in Computer Science {volume.volume}" in colophon
    assert (f"ISBN {volume.isbn}" in colophon) == bool(volume.isbn) and f"DOI {volume.doi}" in colophon


@pytest.mark.parametrize("year", [2020, 2021])
def test_the_pdf_names_its_language_subject_and_keywords(books, year):
    folder, _ = books
    pdf = folder / f"mlhpcs-{year}.pdf"
    info = subprocess.run([needs("pdfinfo", "poppler-utils"), str(pdf)], capture_output=True, text=True).stdout
    assert f"Title:           MLHPCS {year}: Machine Learning on HPC Systems" in info
    assert f"Subject:         MLHPCS {year}, Machine Learning on HPC Systems:" in info
    assert "Keywords:        Machine Learning on HPC Systems, MLHPCS" in info
    language = subprocess.run(
        [needs("mutool", "mupdf-tools"), "show", str(pdf), "trailer/Root/Lang"], capture_output=True, text=True
    ).stdout
    assert language.strip() == "(en)"


def pdf_text(path) -> str:
    return subprocess.run(
        [needs("pdftotext", "poppler-utils"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_each_edition_has_a_book_with_its_programme_talks_and_papers(books):
    text = pdf_text(books[0] / "mlhpcs-2021.pdf")
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
    earlier = pdf_text(books[0] / "mlhpcs-2020.pdf")
    flat_2020 = " ".join(earlier.split())
    for title in ("SmartPred", "Ensembles", "GOPHER", "Poznań Supercomputing and Networking Center"):
        assert title in flat_2020, title


def test_a_books_citations_and_references_are_in_one_style(books):
    """In a book, a citation reads as the references label it ("Ho et al.
    [HCKK21]"), and the edition's references close the book, labelled as
    BibTeX's alpha style labels them, each pointing to its page in the book."""
    flat = " ".join(pdf_text(books[0] / "mlhpcs-2021.pdf").split())
    references = flat[flat.rindex("Bibliography [") :]
    assert references.index("[HCKK21] Kalun Ho,") < references.index("[MNN21] Jonathan Muraña,")
    assert "In this book (page" in references and "Paper page" not in references
    flat_2020 = " ".join(pdf_text(books[0] / "mlhpcs-2020.pdf").split())
    unbroken = flat_2020.replace("- ", "")  # (words hyphenated at the end of a line)
    assert "Rombach and Keuper [RK20], Herron et al. [HYP20] and Josep-Fabregó et al. [JFTGA+20]" in unbroken
    labels = re.findall(r"\[(HYP20|JFTGA\+20|RK20)\]", flat_2020[flat_2020.rindex("Bibliography [") :])
    assert labels == ["HYP20", "JFTGA+20", "RK20"]


def test_books_embed_every_font_and_name_their_title_and_author(books):
    for year in (2020, 2021):
        pdf = books[0] / f"mlhpcs-{year}.pdf"
        fonts = subprocess.run([needs("pdffonts", "poppler-utils"), str(pdf)], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column
        info = subprocess.run([needs("pdfinfo", "poppler-utils"), str(pdf)], capture_output=True, text=True).stdout
        assert f"Title:           MLHPCS {year}: Machine Learning on HPC Systems" in info
        assert "Author:          MLHPCS organizing committee" in info
        log = (books[0].parent / "staging" / "latexpdf" / f"mlhpcs-{year}.log").read_text(errors="replace")
        assert "Overfull \\hbox" not in log  # no line runs past its column


def test_make_html_links_and_publishes_each_book_once_made(books, project):
    result = make(project, "html")
    assert result.returncode == 0, result.stderr
    site = project / "_build" / "html"
    for year in (2020, 2021):
        facts = BeautifulSoup((site / str(year) / "index.html").read_text(), "html.parser").select_one(".ws-facts")
        (link,) = [a for a in facts.select("a.download") if a["href"].endswith(".pdf")]
        assert link["href"] == f"mlhpcs-{year}.pdf"
        assert (site / str(year) / link["href"]).read_bytes() == (books[0] / f"mlhpcs-{year}.pdf").read_bytes()


def test_a_book_build_is_quiet_and_publishes_the_books_only(books):
    folder, result = books
    assert sorted(p.name for p in folder.iterdir()) == ["mlhpcs-2020.pdf", "mlhpcs-2021.pdf"]
    said = result.stdout + result.stderr
    assert "Run 'make'" not in said and "staging" not in said
    assert said.strip().splitlines()[-1].startswith("Published:")


def test_the_book_is_the_same_whatever_was_built_before(books, project):
    """The site's "Book" row is on the site only: a second book, made after
    the site found the first one, says the same."""
    folder, _ = books
    first = {p: printed_pages(folder / p) for p in ("mlhpcs-2020.pdf", "mlhpcs-2021.pdf")}
    assert make(project, "html").returncode == 0
    again = make(project, "latexpdf")
    assert again.returncode == 0, again.stderr
    assert {p: printed_pages(folder / p) for p in first} == first


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_home_that_links_its_book_stays_within_the_first_visit_budget(books, project, browser, viewport):
    """The heaviest page of the published site: an edition's home with its logo
    and, once the books are made, the row that links its book."""
    site = project / "_build" / "html"
    assert make(project, "html").returncode == 0
    home = (site / "2020" / "index.html").read_text(encoding="utf-8")
    assert "mlhpcs-2020.pdf" in home
    with SiteServer(site) as server:
        sizes = first_visit(browser, server.url + "2020/index.html", viewport=viewport)
    assert sum(sizes.values()) <= PAGE_BUDGET_KIB * 1024, by_kind(sizes)


@pytest.fixture(scope="module")
def ebook(project):
    result = make(project, "epub")
    assert result.returncode == 0, result.stderr
    return project / "_build" / "epub" / "mlhpcs.epub"


def test_the_e_books_contents_list_every_page_in_order(ebook):
    with zipfile.ZipFile(ebook) as book:
        opf = BeautifulSoup(book.read("content.opf"), "xml")
        nav = BeautifulSoup(book.read("nav.xhtml"), "html.parser")
        pages = [n for n in book.namelist() if n.endswith(".xhtml") and n != "nav.xhtml"]
        spine = [opf.find("item", id=ref["idref"])["href"] for ref in opf.select("spine itemref")]
        listed = list(dict.fromkeys(a["href"].split("#")[0] for a in nav.select("nav[epub|type=toc] a, nav a")))
        assert sorted(listed) == sorted(p for p in spine if p in pages)
        assert listed == [p for p in spine if p in listed]  # in the order of reading
        # Pages, each under the page that lists it (not the sections within a page).
        labels = [a.get_text() for a in nav.select("nav a")]
        assert "Summary" not in labels and "Announcements" not in labels and "Abstract" not in labels
        edition = next(
            li for li in nav.select("nav li") if li.a.get_text() == "Machine Learning on HPC Systems (MLHPCS 2021)"
        )
        parts = [li.a.get_text() for li in edition.ol.find_all("li", recursive=False)]
        assert parts == ["Programme 2021", "Published papers 2021", "Call for papers 2021", "Committees of MLHPCS 2021"]
        programme = edition.ol.find("li")
        assert "Surprises in Deep Learning Training: Symmetry, Efficiency, and Scale" in programme.ol.get_text()
        for page in pages:
            html = BeautifulSoup(book.read(page), "html.parser").html
            assert html.get("lang") == "en" and html.get("xml:lang") == "en", page
        described = {m.name: m.get_text() for m in opf.select("metadata > *")}
        assert "unknown" not in (described.get("description"), described.get("contributor"))
        cover = opf.find("meta", attrs={"name": "cover"})["content"]  # (Sphinx names it the EPUB 2 way)
        assert opf.find("item", id=cover)["href"] == "_static/mlhpcs-social.jpg"
        talk = BeautifulSoup(book.read("2021/program/soudry-keynote.xhtml"), "html.parser")
        assert "Daniel Soudry" in talk.select_one("dl.field-list dd").get_text()
        home = BeautifulSoup(book.read("2021/index.xhtml"), "html.parser").select_one(".ws-facts dd").get_text()
        assert "Fri 2 July 2021 (over)" in " ".join(home.split())


def test_the_e_book_passes_epubcheck_with_no_usage_note_on_contents_or_language(ebook):
    jar = "/usr/share/java/epubcheck.jar"
    if not os.path.exists(jar):
        needs("epubcheck", "epubcheck")
    java = needs("java", "default-jre")
    check = subprocess.run([java, "-jar", jar, "-u", str(ebook)], capture_output=True, text=True)
    said = check.stdout + check.stderr
    assert "0 fatals / 0 errors / 0 warnings" in said, said[-3000:]
    assert re.findall(r"USAGE\((OPF-058|OPF-059|HTM-020|HTM-021)\)", said) == []
    with zipfile.ZipFile(ebook) as book:
        files = book.namelist()
        pages = " ".join(book.read(n).decode() for n in files if n.endswith((".xhtml", ".css", ".opf")))
    unused = [n for n in files if n.startswith("_static/") and n.rsplit("/", 1)[-1] not in pages]
    assert unused == []


def test_a_failed_book_build_keeps_the_last_good_books(project, books, ebook):
    """`make latexpdf` and `make epub` publish all or nothing, like `make html`."""
    folder, _ = books
    before = {p.name: p.read_bytes() for p in folder.glob("*.pdf")}
    last_ebook = ebook.read_bytes()
    page = project / "2021" / "cfp.md"
    original = page.read_text()
    page.write_text(original.replace("## Important dates", "See [the rules](rules.md).\n\n## Important dates"))
    try:
        for builder in ("latexpdf", "epub"):
            result = make(project, builder)
            assert result.returncode != 0 and "nothing was published" in result.stderr, builder
    finally:
        page.write_text(original)
    assert {p.name: p.read_bytes() for p in folder.glob("*.pdf")} == before
    assert ebook.read_bytes() == last_ebook
