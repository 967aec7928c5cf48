"""A reader's path through the site, in Chromium: names lead to the people
index, talk and paper pages say where they belong and describe themselves in
a sentence, a screen reader hears the programme, a talk and a paper as a
person would read them, and an edition that is over speaks of itself in the past.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import icalendar
import pytest
from bs4 import BeautifulSoup
from test_browser import visit  # noqa: F401 (a fixture)

from browser import DESKTOP, PHONE
from conftest import ROOT
from test_site import PAGES, WORKSHOP

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

SCREENSHOTS = ROOT / "test-results" / "screenshots"


def identity(name: str) -> tuple[str, str]:
    from workshop.data.people import identity

    return identity(name)


# --- people linked ---------------------------------------------------------------------


NAMED = {  # page -> names it shows, each of which must lead to its entry in the people index
    "2021/program/soudry-keynote": ["Daniel Soudry"],
    "2021/program/gan-hyperparameter-search": ["Mathias Esteban", "Jamal Toutouh", "Sergio Nesmachnow"],
    "2021/papers/ho2021msm": ["Kalun Ho", "Avraam Chatzimichailidis", "Margret Keuper", "Janis Keuper"],
    "2020/papers/rombach2020smartpred": ["Philipp Rombach", "Janis Keuper"],
    "2020/committee": ["Juan J. Durillo", "Sebastien Varrette"],
    "committee": ["Jenia Jitsev", "Ariel Oleksiak"],
}


@pytest.mark.parametrize("page", sorted(NAMED))
def test_every_name_on_a_page_leads_to_its_entry_in_the_people_index(server, visit, page):  # noqa: F811
    opened = visit(f"{server.url}{page}.html", viewport=DESKTOP)
    links = opened.page.locator("article a.ws-person")
    names = links.all_inner_texts()
    assert set(NAMED[page]) <= set(names)
    for name in NAMED[page]:
        opened.page.goto(f"{server.url}{page}.html")
        opened.page.locator("article a.ws-person", has_text=name).first.click()
        opened.page.wait_for_load_state()
        assert opened.page.url.split("#")[0].endswith("/people.html")
        entry = opened.page.locator("li:target")
        expect(entry).to_have_count(1)
        assert identity(entry.locator("strong").first.inner_text()) == identity(name)
        expect(entry).to_be_in_viewport()


@pytest.mark.parametrize("year", [2020, 2021])
def test_every_speaker_in_the_programme_is_linked(server, visit, year):  # noqa: F811
    opened = visit(f"{server.url}{year}/program/index.html", viewport=DESKTOP)
    speakers = [p.name for i in WORKSHOP.edition(year).items for p in i.speakers]
    links = opened.page.locator("table.ws-schedule tbody a.ws-person")
    assert links.all_inner_texts() == speakers
    index = visit(f"{server.url}people.html").page
    entries = set(index.locator(".ws-people > li").evaluate_all("l => l.map(e => e.id)"))
    assert {href.split("#")[1] for href in links.evaluate_all("l => l.map(a => a.href)")} <= entries


def test_people_index_by_letter_with_roles_by_edition(server, visit):  # noqa: F811
    opened = visit(f"{server.url}people.html", viewport=PHONE)
    page = opened.page
    letters = page.locator(".ws-letters a").all_inner_texts()
    assert letters == sorted(letters) and "K" in letters and len(letters) == len(set(letters))
    page.locator(".ws-letters a", has_text="K").click()
    section = page.locator("section:target")
    expect(section.locator("h2")).to_have_text(re.compile(r"^K"))
    expect(section.locator("h2")).to_be_in_viewport()
    family = [identity(n)[0] for n in section.locator(".ws-people > li > p strong").all_inner_texts()]
    assert family and all(f.startswith("k") for f in family) and family == sorted(family)
    keuper = page.locator("#person-janis-keuper")
    assert keuper.locator(":scope > ul > li").all_inner_texts() == [
        "MLHPCS 2021: organizing committee (IMLA / Fraunhofer ITWM); co-author: MSM: Multi-stage Multicuts for "
        "Scalable Image Clustering (Fraunhofer ITWM and IMLA, Offenburg University)",
        "MLHPCS 2020: organizing committee (IMLA / Fraunhofer ITWM); programme committee (IMLA / Fraunhofer ITWM); "
        "co-author: SmartPred: Unsupervised Hard Disk Failure Detection",
    ]
    for scheme in ("light", "dark"):
        shot = visit(f"{server.url}people.html#people-k", viewport=PHONE, color_scheme=scheme)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot.page.screenshot(path=SCREENSHOTS / f"people-by-letter-phone-{scheme}.png")


@pytest.mark.parametrize(
    ("page", "line"),
    [
        ("2021/program/soudry-keynote", "Keynote at MLHPCS 2021"),
        ("2020/program/live-qa", "Live session at MLHPCS 2020"),
        ("2021/papers/ho2021msm", "Paper presented at MLHPCS 2021"),
    ],
)
def test_a_talk_or_paper_page_names_its_edition(server, visit, page, line):  # noqa: F811
    opened = visit(f"{server.url}{page}.html", viewport=DESKTOP)
    kind = opened.page.locator("article .ws-kind")
    expect(kind).to_have_text(line, ignore_case=True)
    kind.get_by_role("link").click()
    opened.page.wait_for_load_state()
    assert opened.page.url.endswith(f"/{page.split('/')[0]}/index.html")


# --- descriptions ----------------------------------------------------------------------


DESCRIPTIONS = {
    "2021/program/soudry-keynote": "Keynote by Daniel Soudry (Technion) at MLHPCS 2021, 2 July 2021: Observations "
    "from training deep networks",
    "2020/program/brayford-containers": "Invited talk by David Brayford (LRZ (Leibniz Supercomputing Centre), "
    "Garching/Munich) at MLHPCS 2020, on demand from 20 June 2020: ",
    "2020/program/live-qa": "Live session at MLHPCS 2020, 25 June 2020: A live question-and-answer session",
    "2020/papers/rombach2020smartpred": "Paper by Philipp Rombach and Janis Keuper at MLHPCS 2020, on demand from "
    "20 June 2020: SmartPred predicts hard disk failures",
    "2021/papers/ho2021msm": "Paper by Kalun Ho, Avraam Chatzimichailidis, Margret Keuper and Janis Keuper at "
    "MLHPCS 2021, 2 July 2021: MSM solves",
    "2020/papers/josepfabrego2020gopher": "Paper by Marc Josep-Fabregó et al. at MLHPCS 2020, on demand from "
    "20 June 2020: ",
}
TALK_AND_PAPER_PAGES = [p for p in PAGES if re.match(r"\d{4}/(program|papers)/(?!index$|bibliography$)", p)]


def test_descriptions_of_talk_and_paper_pages_read_as_a_sentence(site):
    """As a link preview and a search engine read them: from the page's head, as served."""
    assert set(DESCRIPTIONS) <= set(TALK_AND_PAPER_PAGES)
    for page in TALK_AND_PAPER_PAGES:
        head = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser").head
        descriptions = head.select('meta[name="description"]')
        assert len(descriptions) == 1, page
        text = descriptions[0]["content"]
        assert head.select_one('meta[property="og:description"]')["content"] == text
        if page in DESCRIPTIONS:
            assert text.startswith(DESCRIPTIONS[page]), text
        assert re.match(r"^[A-Z][a-z]+( talk| session)? (by .+ )?at MLHPCS \d{4}, .+: \w", text), text
        assert len(text) <= 200 and ",," not in text and ",." not in text, text
        for label in ("Speaker,", "When,", "Calendar", "Add to calendar", "Presenter", "Authors,", "Cite this"):
            assert label not in text, (page, text)


# --- the screen reader's view ----------------------------------------------------------


def test_aria_snapshot_of_the_programme_caption_and_row_headers(server, visit):  # noqa: F811
    opened = visit(f"{server.url}2021/program/index.html", viewport=DESKTOP)
    table = opened.page.locator("table.ws-schedule")
    expect(table).to_match_aria_snapshot(
        """
        - table "Programme of MLHPCS 2021, Fri 2 July 2021":
          - caption: Programme of MLHPCS 2021, Fri 2 July 2021
          - rowgroup:
            - row "When What Title Speakers"
          - rowgroup:
            - row:
              - rowheader "Fri 2 July 2021, 14:00–14:15 CEST (UTC+02:00)"
              - cell "Session"
              - cell "Welcome and Intro"
            - row:
              - rowheader "Fri 2 July 2021, 14:15–15:00 CEST (UTC+02:00)"
              - cell "Keynote"
              - 'cell "Surprises in Deep Learning Training: Symmetry, Efficiency, and Scale"'
              - cell "Daniel Soudry":
                - paragraph:
                  - link "Daniel Soudry"
        """
    )
    # Every row is headed by its time.
    rows = table.locator("tbody tr")
    expect(rows.get_by_role("rowheader")).to_have_count(rows.count())


def test_aria_snapshot_of_a_talk(server, visit):  # noqa: F811
    opened = visit(f"{server.url}2021/program/soudry-keynote.html", viewport=DESKTOP)
    expect(opened.page.locator("article")).to_match_aria_snapshot(
        """
        - article:
          - 'heading "Surprises in Deep Learning Training: Symmetry, Efficiency, and Scale" [level=1]'
          - paragraph:
            - text: Keynote at
            - link "MLHPCS 2021"
          - term: "Speaker:"
          - definition:
            - paragraph:
              - link "Daniel Soudry"
              - text: (Technion)
          - term: "When:"
          - definition:
            - paragraph:
              - time: Fri 2 July 2021, 14:15–15:00 CEST (UTC+02:00)
        """
    )


def test_aria_snapshot_of_a_paper_reads_its_authors_once(server, visit):  # noqa: F811
    opened = visit(f"{server.url}2021/papers/ho2021msm.html", viewport=DESKTOP)
    article = opened.page.locator("article")
    expect(article).to_match_aria_snapshot(
        """
        - article:
          - 'heading "MSM: Multi-stage Multicuts for Scalable Image Clustering" [level=1]'
          - paragraph:
            - link "Kalun Ho"
            - text: (Fraunhofer ITWM),
            - link "Avraam Chatzimichailidis"
            - text: (Fraunhofer ITWM),
            - link "Margret Keuper"
            - text: (University of Mannheim),
            - link "Janis Keuper"
            - text: (Fraunhofer ITWM and IMLA, Offenburg University)
          - paragraph:
            - text: Paper presented at
            - link "MLHPCS 2021"
          - paragraph:
            - link "10.1007/978-3-030-90539-2_18"
          - term: "Presenter:"
          - definition:
            - paragraph:
              - link "Kalun Ho"
        """
    )
    # Before the "Summary": each co-author named once.
    snapshot = article.aria_snapshot().split("Summary")[0]
    for name in ("Avraam Chatzimichailidis", "Margret Keuper", "Janis Keuper"):
        assert snapshot.count(name) == 1, name


# --- an edition that is over -----------------------------------------------------------


STALE = re.compile(r"\b(will|to be announced|TBA|tentative)\b", re.IGNORECASE)
PAGES_2020 = [p for p in PAGES if p.startswith("2020/")]


def test_no_page_of_an_edition_that_is_over_speaks_of_it_as_to_come(server, visit):  # noqa: F811
    """The 2020 pages as a reader sees them: the notice quoted as announced on its
    day, the organizers' words quoted as announced before the workshop, the
    announcements each under its date; everything else in the past or present."""
    said_then = 0
    for page in PAGES_2020:
        opened = visit(f"{server.url}{page}.html", viewport=DESKTOP)
        notice = opened.page.locator(".bd-header-announcement")
        said = r"^\s*MLHPCS 2020 moved online \(announced on 14 April 2020\)\. Announced on 14 June 2020: “MLHPCS"
        expect(notice).to_have_text(re.compile(said))  # (its status first, then the notice as announced)
        expect(notice.locator("time")).to_have_attribute("datetime", "2020-06-14")
        records = opened.page.locator(".ws-said-then")
        for record in records.all():
            expect(record.locator(".ws-said-when")).to_have_text(re.compile(r"^Announced (on \d+ \w+ 2020|before)"))
        said_then += records.count()
        for news in opened.page.locator(".ws-news > li").all():  # each announcement under its date
            expect(news.locator("p").first.locator("time")).to_have_attribute("datetime", re.compile(r"^2020-"))
        text = opened.page.locator("main").evaluate(
            """main => {
                const copy = main.cloneNode(true);
                copy.querySelectorAll('.ws-said-then, .ws-news > li, script, style').forEach(e => e.remove());
                return copy.innerText;
            }"""
        )
        assert STALE.findall(text) == [], (page, [m.group(0) for m in STALE.finditer(text)])
        opened.close()
    assert said_then == 3  # the 2020 home's corona update, dates and papers


def test_exports_of_an_edition_that_is_over_say_no_time_is_to_come(site):
    folder = site / "2020" / "program"
    for path in sorted(folder.glob("*.ics")):
        for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            assert event.get("STATUS") != "TENTATIVE", path.name
            assert "to be announced" not in str(event.get("DESCRIPTION", "")).lower(), path.name
    live = icalendar.Calendar.from_ical((folder / "live-qa.ics").read_bytes()).walk("VEVENT")[0]
    assert "Time not announced." in live["DESCRIPTION"] and live.decoded("DTSTART").isoformat() == "2020-06-25"
    schedule = json.loads((folder / "schedule.json").read_text())
    events = [e for day in schedule["schedule"]["conference"]["days"] for r in day["rooms"].values() for e in r]
    live_qa = next(e for e in events if e["slug"].endswith("live-qa"))
    assert live_qa["subtitle"] == "Thu 25 June 2020, time not announced"
    for name in ("schedule.json", "schedule.xml"):
        assert "to be announced" not in (folder / name).read_text().lower()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots_of_a_past_edition_and_the_programme_for_people_to_look_at(server, visit, viewport, scheme):  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = "phone" if viewport is PHONE else "desktop"
    for page, anchor in (("2020/index", "corona-update"), ("2021/program/index", ""), ("2021/papers/ho2021msm", "")):
        opened = visit(f"{server.url}{page}.html#{anchor}", viewport=viewport, color_scheme=scheme)
        name = page.replace("/", "-")
        opened.page.screenshot(path=SCREENSHOTS / f"readers-{name}-{size}-{scheme}.png")
        opened.close()


# --- the organizers' words of the time, on a tiny test root ------------------------------------


SAID = """

```{announced-then}
:date: DATE
We will meet online.
```
"""


def build_with_words_of_the_time(make_app, rootdir, tmp_path, date: str):
    import shutil

    from bs4 import BeautifulSoup

    src = shutil.copytree(rootdir / "test-paper-page", tmp_path / "src")
    page = src / "2020" / "program" / "index.md"
    page.write_text(page.read_text() + SAID.replace("DATE", date))
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    html = BeautifulSoup((app.outdir / "2020" / "program" / "index.html").read_text(), "html.parser")
    return app, html.body  # (the root's theme is Sphinx's basic one)


def test_words_of_the_time_read_as_written_until_the_edition_is_over(make_app, rootdir, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2020, 5, 1, tzinfo=dt.UTC).timestamp())))
    app, article = build_with_words_of_the_time(make_app, rootdir, tmp_path, "2020-04-14")
    assert app.warning.getvalue() == ""
    assert article.select(".ws-said-then") == [] and "We will meet online." in article.get_text()


def test_words_of_the_time_are_quoted_under_their_day_once_the_edition_is_over(make_app, rootdir, tmp_path):
    app, article = build_with_words_of_the_time(make_app, rootdir, tmp_path, "2020-04-14")
    assert app.warning.getvalue() == ""
    (record,) = article.select(".ws-said-then")
    assert record.select_one(".ws-said-when").get_text() == "Announced on 14 April 2020:"
    assert record.select_one(".ws-said-when time")["datetime"] == "2020-04-14"
    assert record.select_one("blockquote").get_text(strip=True) == "We will meet online."


def test_words_dated_after_the_edition_are_a_mistake_at_their_line(make_app, rootdir, tmp_path):
    app, _ = build_with_words_of_the_time(make_app, rootdir, tmp_path, "2020-07-01")
    warning = app.warning.getvalue()
    assert "2020/program/index.md:7:" in warning
    assert "{announced-then} is for what was said before TW 2020 ended (2020-06-25): its date is 2020-07-01" in warning
