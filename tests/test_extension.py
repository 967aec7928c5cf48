"""The extension on a tiny test root: what one paper page and the schedule show."""

import gc
import shutil
import weakref

import pytest
from bs4 import BeautifulSoup


@pytest.mark.sphinx("html", testroot="paper-page")
def test_paper_page_is_rendered_from_the_bib_entry(app):
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "2020" / "papers" / "one.html").read_text(), "html.parser")
    assert page.h1.get_text(strip=True).rstrip("¶") == "ABC: a Test"
    assert page.select_one(".ws-authors").get_text() == "Anna Müller (Test University), Bo de la Cruz"
    publication = page.select_one(".ws-publication").get_text()
    assert "vol. 7, pp. 10–20" in publication
    assert page.select_one('.ws-publication a[href="https://doi.org/10.1000/xyz_1"]') is not None
    assert "Summary in own words." in page.get_text()
    assert "Presenter:Anna Müller" in page.select_one(".ws-facts").get_text().replace("\n", "")
    assert (app.outdir / "2020" / "papers" / "one.bib").read_text().startswith("@inproceedings{one,")


@pytest.mark.sphinx("html", testroot="paper-page")
def test_schedule_shows_event_time_with_offset(app):
    app.build()
    page = BeautifulSoup((app.outdir / "2020" / "program" / "index.html").read_text(), "html.parser")
    assert (
        page.select_one(".ws-zone").get_text() == "Times are in the event’s time zone, Europe/Berlin (CEST, UTC+02:00)."
    )
    table = page.select_one("table")
    time = table.select_one("time")
    assert time["datetime"] == "2020-06-22T14:30+02:00"
    assert time.get_text() == "Mon 22 June 2020, 14:30–14:50 CEST (UTC+02:00)"
    assert table.select_one("tbody a").get_text() == "ABC: a Test"


class Garbage:
    """An object in a reference cycle: only a collection frees it."""


def test_garbage_is_collected_less_often_during_the_build_only(make_app, rootdir, tmp_path):
    from lean_book_theme.speedups import YOUNG_OBJECTS_BETWEEN_COLLECTIONS

    before = gc.get_threshold()
    extensions = ["myst_parser", "sphinxcontrib.bibtex", "lean_book_theme", "workshop"]
    src = shutil.copytree(rootdir / "test-paper-page", tmp_path / "src")
    gc.disable()  # (garbage of an earlier build in this process, frozen as that build leaves it)
    earlier = Garbage()
    earlier.itself, left = earlier, weakref.ref(earlier)
    del earlier
    gc.freeze()
    gc.enable()
    app = make_app("html", srcdir=src, confoverrides={"extensions": extensions})
    assert left() is None, "a new build in the same process collects what an earlier one let go of"
    assert gc.get_threshold() == (YOUNG_OBJECTS_BETWEEN_COLLECTIONS, *before[1:])
    app.build()
    assert gc.get_threshold() == before
    # What the build keeps until the process ends is walked by no collection, the ones at exit included.
    assert gc.get_freeze_count() > 0
    assert not any(o is app.env for o in gc.get_objects())
    gc.unfreeze()
