"""{cite} and {bibliography} through sphinxcontrib-bibtex, on a tiny test
root: a page and an announcement cite the one paper; the edition's
bibliography lists it and links to its page. The real site's citations are
in test_site.py."""

import re
import shutil

import feedparser
import pytest
from bs4 import BeautifulSoup


def page(app, name):
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(), "html.parser")


def citations(html):
    return [(" ".join(c.get_text().split()), c.select_one("a")["href"]) for c in html.select(".bibtex-citation")]


@pytest.mark.sphinx("html", testroot="citations")
def test_a_citation_in_a_page_links_to_the_entry_in_its_editions_bibliography(app):
    app.build()
    assert app.warning.getvalue() == ""
    assert citations(page(app, "index")) == [
        ("Müller and de la Cruz [2020]", "2020/papers/bibliography.html#one"),
        ("[Müller and de la Cruz, 2020]", "2020/papers/bibliography.html#one"),
    ]
    (entry,) = page(app, "2020/papers/bibliography").select('[role="list"] > [role="listitem"]')
    assert entry["id"] == "one"
    assert entry.select_one(".label").get_text() == "[MdlC20]"
    assert entry.select_one("a.internal")["href"] == "one.html"
    assert "ABC: a test. In Proceedings of TW" in " ".join(entry.get_text().split())


@pytest.mark.sphinx("html", testroot="citations")
def test_a_citation_in_an_announcement_and_the_rest_of_its_text_as_text(app):
    app.build()
    assert app.warning.getvalue() == ""
    news = page(app, "2020/index").select_one("#news-out")
    assert citations(news) == [
        ("Müller and de la Cruz [2020]", "papers/bibliography.html#one"),
        ("[Müller and de la Cruz, 2020]", "papers/bibliography.html#one"),
    ]
    assert news.select_one("b") is None
    text = " ".join(news.get_text().split())
    assert "Read Müller and de la Cruz [2020], also <b>bold</b> [Müller and de la Cruz, 2020] & more." in text


@pytest.mark.sphinx("html", testroot="citations", confoverrides={"html_baseurl": "https://example.org/tw/"})
def test_a_citation_in_an_announcement_reads_as_authors_and_year_in_the_feed(app):
    app.build()
    (entry,) = feedparser.parse((app.outdir / "2020" / "atom.xml").read_bytes()).entries
    assert entry.summary == "Read Müller and de la Cruz [2020], also <b>bold</b> [Müller and de la Cruz, 2020] & more."


def built_with(make_app, rootdir, tmp_path, edit: dict[str, tuple[str, str]]):
    src = shutil.copytree(rootdir / "test-citations", tmp_path / "src")
    for name, (old, new) in edit.items():
        path = src / name
        assert old in path.read_text()
        path.write_text(path.read_text().replace(old, new))
    app = make_app("html", srcdir=src)
    app.build()
    return app.warning.getvalue()


@pytest.mark.parametrize(
    ("cited", "message"),
    [
        ("two", "'two' is not a paper in references.bib: cite the key of an accepted paper"),
        (
            "book",
            "'book' is a proceedings volume, not a paper: the bibliographies list papers. Cite one of its papers (one)",
        ),
    ],
)
def test_citing_what_is_no_paper_is_an_error_at_its_line(make_app, rootdir, tmp_path, cited, message):
    warnings = built_with(
        make_app, rootdir, tmp_path, {"index.md": ("{cite:t}`one` show", f"{{cite:t}}`{cited}` show")}
    )
    assert re.search(rf"index\.md:3: WARNING: {re.escape(message)}", warnings), warnings


def test_a_bibliography_that_is_not_its_editions_papers_is_an_error_at_its_line(make_app, rootdir, tmp_path):
    edit = {"2020/papers/bibliography.md": ('volume == "7"', 'volume == "8"')}
    warnings = built_with(make_app, rootdir, tmp_path, edit)
    assert (
        "bibliography.md:3: WARNING: this bibliography is TW 2020's: it lists that edition's papers and no " in warnings
    )
    assert "others, but it leaves out one. Change its :filter:" in warnings
