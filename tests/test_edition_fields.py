"""The fields an organizer writes besides the programme's basics, added as
data (tests/fixtures/edition-fields/): the submission and registration links,
a venue link, session chairs, a poster and a break, and the whole edition as
one calendar entry. Built with the build's clock between the call's two
deadlines, and again after the edition: a link is offered only while it
applies, without JavaScript as at build time, and in the reader's clock."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import icalendar
import jsonschema
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from test_exports import schema

from browser import SiteServer, node_module
from conftest import ROOT, copy_project, sphinx_build

FIXTURE = ROOT / "tests" / "fixtures" / "edition-fields"
DURING_THE_CALL = dt.datetime(2028, 3, 10, 12, tzinfo=dt.UTC)  # abstracts closed, full papers open
AFTER_THE_EDITION = dt.datetime(2028, 7, 1, 12, tzinfo=dt.UTC)
SUBMIT = "https://example.org/submit/mlhpcs2028"
REGISTER = "https://example.org/shc/register"


def soup(out, page):
    return BeautifulSoup((out / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def build(base, clock: dt.datetime, changes: dict[str, str] | None = None):
    """`changes`: text of the fixture's programme file replaced (old -> new)."""
    project = copy_project(base / "site")
    shutil.copytree(FIXTURE / "2028", project / "2028")
    schedule = project / "2028" / "program" / "schedule.yaml"
    for old, new in (changes or {}).items():
        text = schedule.read_text(encoding="utf-8")
        assert old in text, old
        schedule.write_text(text.replace(old, new), encoding="utf-8")
    out = base / "html"
    result = sphinx_build(project, out, env={"SOURCE_DATE_EPOCH": str(int(clock.timestamp()))})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return out


@pytest.fixture(scope="module")
def during(tmp_path_factory):
    return build(tmp_path_factory.mktemp("fields-during"), DURING_THE_CALL)


@pytest.fixture(scope="module")
def after(tmp_path_factory):
    return build(tmp_path_factory.mktemp("fields-after"), AFTER_THE_EDITION)


def facts(out, page="2028/index") -> dict[str, BeautifulSoup]:
    found = soup(out, page).select_one(".ws-facts")
    names, values = found.select("dt"), found.select("dd")
    return {name.get_text(strip=True).rstrip(":"): value for name, value in zip(names, values, strict=True)}


def test_no_code_is_touched():
    touched = {p.relative_to(FIXTURE).parts[0] for p in FIXTURE.rglob("*") if p.is_file()}
    assert touched == {"2028", "README.md"}


def test_while_the_call_is_open_its_next_deadline_and_the_submission_link(during):
    row = facts(during)["Call for papers"]
    assert row.get_text(" ", strip=True).startswith(
        "open until Sat 1 April 2028, end of day AoE (UTC-12:00) (Full papers) ; submit on example.org"
    )
    assert [a["href"] for a in row.select("a.external")] == [SUBMIT]
    assert row.select_one("time")["datetime"] == "2028-04-02T11:59:59Z"
    # The reader's clock gets the deadlines still open at build time, the soonest first.
    steps = json.loads(row.select_one(".ws-expiring")["data-steps"])
    assert steps == [["2028-04-01T23:59:59-12:00", "Sat 1 April 2028, end of day AoE (UTC-12:00) (Full papers)"]]
    call = soup(during, "2028/cfp").select_one("article")
    assert "The call is open until Sat 1 April 2028" in call.get_text(" ", strip=True)
    assert [a["href"] for a in call.select("a.external")] == [SUBMIT]
    home = soup(during, "index").select_one(".ws-editions > li")
    assert "Call for papers : open until Sat 1 April 2028" in home.get_text(" ", strip=True)
    assert SUBMIT in [a["href"] for a in home.select("a")]
    assert REGISTER in [a["href"] for a in home.select(".ws-edition-links a")]


def test_registration_venue_link_and_the_whole_edition_in_a_calendar(during):
    found = facts(during)
    assert [a["href"] for a in found["Registration"].select("a")] == [REGISTER]
    assert found["Registration"].get_text(strip=True) == "register on example.org"
    assert [a["href"] for a in found["Venue"].select("a")] == ["https://example.org/hall/map"]
    assert found["Venue"].get_text(strip=True) == "Example Hall, Example City, Exampleland"
    assert found["Calendar"].select_one("a")["href"] == "event.ics"
    (event,) = [json.loads(s.string) for s in soup(during, "2028/index").select('script[type="application/ld+json"]')]
    assert event["offers"] == {"@type": "Offer", "url": REGISTER, "validThrough": "2028-06-23T00:00:00+02:00"}
    assert event["location"]["url"] == "https://example.org/hall/map"
    assert SUBMIT not in json.dumps(event)  # (schema.org has no place for a call for papers)
    calendar = icalendar.Calendar.from_ical((during / "2028" / "event.ics").read_bytes())
    (whole,) = calendar.walk("VEVENT")
    assert str(whole["UID"]) == "edition-2028@mlhpcs.org"
    assert (whole.decoded("DTSTART"), whole.decoded("DTEND")) == (dt.date(2028, 6, 22), dt.date(2028, 6, 23))
    assert str(whole["LOCATION"]) == "Example Hall, Example City, Exampleland"
    assert f"Registration: {REGISTER}" in str(whole["DESCRIPTION"])
    node_module("ical.js")
    read = subprocess.run(
        ["node", str(ROOT / "tests" / "ical_client.mjs"), str(during / "2028" / "event.ics")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert read.returncode == 0, read.stderr
    (parsed,) = map(json.loads, read.stdout.splitlines())
    assert (parsed["uid"], parsed["start"]) == ("edition-2028@mlhpcs.org", "2028-06-22")


def test_chairs_posters_and_breaks_on_the_pages(during):
    rows = {r["id"]: r.select("th, td") for r in soup(during, "2028/program/index").select("tbody tr")}
    words = lambda cell: " ".join(cell.get_text().split())  # noqa: E731  (the cell's text as read)
    assert [words(c) for c in rows["item-coffee-2028"][1:]] == ["Break", "Coffee break", ""]
    assert [words(c) for c in rows["item-posters-2028"][1:]] == [
        "Poster",
        "Scaling a synthetic model",
        "Pat Poster (presenter); Robin Coauthor; chairs: Sam Chair, Tara Tester",
    ]
    assert words(rows["item-keynote-2028"][3]) == "Kim Example; chair: Tara Tester"
    talk = facts(during, "2028/program/keynote-2028")
    assert words(talk["Chair"]) == "Tara Tester (Example University)"
    people = {p.select_one("strong").get_text(): p for p in soup(during, "people").select(".ws-people > li")}
    assert [words(li) for li in people["Sam Chair"].select("li")] == [
        "MLHPCS 2028 (Example College): chair: Scaling a synthetic model"
    ]
    (tara_2028,) = [words(li) for li in people["Tara Tester"].select("li") if words(li).startswith("MLHPCS 2028")]
    assert "organizing committee" in tara_2028 and tara_2028.count("chair:") == 2, tara_2028
    assert [words(li) for li in people["Pat Poster"].select("li")] == [
        "MLHPCS 2028 (Example Institute): co-author and presenter: Scaling a synthetic model"
    ]


def test_chairs_posters_and_breaks_in_every_export(during):
    calendar = icalendar.Calendar.from_ical((during / "2028" / "program" / "program.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert [str(e["CATEGORIES"].cats[0]) for e in events.values()] == ["Keynote", "Break", "Poster"]
    assert "Chairs: Sam Chair (Example College); Tara Tester (Example University)" in str(
        events["posters-2028@mlhpcs.org"]["DESCRIPTION"]
    )
    xml = etree.parse(str(during / "2028" / "program" / "schedule.xml"))
    etree.XMLSchema(etree.parse(str(schema("schedule.xml.xsd")))).assertValid(xml)
    found = {e.findtext("slug"): (e.findtext("type"), e.findtext("description")) for e in xml.iter("event")}
    assert found == {
        "mlhpcs2028-keynote-2028": ("talk", "A synthetic keynote.\n\nChair: Tara Tester (Example University)"),
        "mlhpcs2028-coffee-2028": ("break", ""),
        "mlhpcs2028-posters-2028": ("poster", "Chairs: Sam Chair (Example College); Tara Tester (Example University)"),
    }
    data = json.loads((during / "2028" / "program" / "schedule.json").read_text(encoding="utf-8"))
    frab = json.loads(schema("schedule.schema.json").read_text())
    jsonschema.Draft6Validator(frab, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER).validate(data)
    events = [e for d in data["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r]
    assert [(e["type"], e["description"]) for e in sorted(events, key=lambda e: e["date"])] == list(found.values())
    poster = next(e for e in events if e["type"] == "poster")
    assert [p["public_name"] for p in poster["persons"]] == ["Pat Poster", "Robin Coauthor"]


def test_after_the_edition_no_link_that_no_longer_applies(after):
    found = facts(after)
    assert "Call for papers" not in found and "Registration" not in found
    assert not soup(after, "2028/index").select(f'a[href="{SUBMIT}"], a[href="{REGISTER}"]')
    assert not soup(after, "2028/cfp").select(f'a[href="{SUBMIT}"]')
    assert not soup(after, "index").select(f'a[href="{SUBMIT}"], a[href="{REGISTER}"]')
    assert "Venue" in found and "Calendar" in found  # (facts that stay true)


def test_the_real_editions_name_their_submission_site_and_offer_no_link_to_it(after):
    for year in (2020, 2021):
        cfp = soup(after, f"{year}/cfp")
        assert not cfp.select('a[href^="https://cmt3.research.microsoft.com"]')
        assert f"cmt3.research.microsoft.com/MLHPCS{year}" in cfp.get_text()
        assert "Call for papers" not in facts(after, f"{year}/index")


# --- in the browser, with the reader's clock ----------------------------------------------------


@pytest.fixture(scope="module")
def served(during):
    with SiteServer(during) as server:
        yield server


def call_and_registration(browser, url, clock=None, javascript=True):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    if clock:
        page.clock.set_fixed_time(clock)
    page.goto(url, wait_until="load")
    # (The words, without the reader's local time that workshop.js may add beside a time.)
    found = page.eval_on_selector_all(
        ".ws-expiring",
        """spans => spans.map(s => {
            const words = s.cloneNode(true);
            words.querySelectorAll(".ws-local").forEach(local => local.remove());
            return [words.textContent.trim(), s.querySelectorAll("a").length];
        })""",
    )
    context.close()
    return found


OPEN = "open until Sat 1 April 2028, end of day AoE (UTC-12:00) (Full papers); submit on example.org"


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("2028-03-10T12:00:00Z", [[OPEN, 1], ["register on example.org", 1]]),
        ("2028-04-01T12:00:00Z", [[OPEN, 1], ["register on example.org", 1]]),
        ("2028-04-02T12:00:00Z", [["closed", 0], ["register on example.org", 1]]),
        ("2028-06-23T00:00:00+02:00", [["closed", 0], ["registration closed", 0]]),
    ],
)
def test_the_readers_clock_takes_the_links_away_when_they_close(browser, served, clock, expected):
    assert call_and_registration(browser, f"{served.url}2028/index.html", clock) == expected
    home = call_and_registration(browser, f"{served.url}index.html", clock)
    assert home == expected


def test_the_next_deadline_in_the_readers_clock(browser, tmp_path_factory):
    """Built before the first deadline, read after it: the call says the next one."""
    out = build(tmp_path_factory.mktemp("fields-early"), dt.datetime(2028, 2, 1, tzinfo=dt.UTC))
    with SiteServer(out) as server:
        before = call_and_registration(browser, f"{server.url}2028/cfp.html", "2028-02-02T00:00:00Z")
        later = call_and_registration(browser, f"{server.url}2028/cfp.html", "2028-03-05T00:00:00Z")
        without = call_and_registration(browser, f"{server.url}2028/cfp.html", "2028-03-05T00:00:00Z", False)
    assert before == [[OPEN.replace("Sat 1 April", "Wed 1 March").replace("Full papers", "Extended abstracts"), 1]]
    assert later == [[OPEN, 1]]
    assert without == before  # (without JavaScript: as it was at build time, the next daily build moves it)


def test_a_changed_link_reaches_every_page_that_offers_it_in_an_incremental_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("fields-changed")
    out = build(base, DURING_THE_CALL)
    schedule = base / "site" / "2028" / "program" / "schedule.yaml"
    moved = "https://example.org/new-submit/mlhpcs2028"
    schedule.write_text(schedule.read_text(encoding="utf-8").replace(SUBMIT, moved), encoding="utf-8")
    clock = {"SOURCE_DATE_EPOCH": str(int(DURING_THE_CALL.timestamp()))}
    result = sphinx_build(base / "site", out, env=clock)
    assert result.returncode == 0, result.stderr
    for page in ("2028/index", "2028/cfp", "index"):
        links = [a["href"] for a in soup(out, page).select("a.external")]
        assert moved in links and SUBMIT not in links, page


HOSTILE_TITLE = "Full </span><script>alert('step')</script><img src=x onerror=alert('img')> & \"papers\""
HOSTILE_SUBMIT = "https://example.org/s?a=\"><script>alert('submit')</script>"


def test_hostile_text_in_the_call_reads_as_typed_at_build_time_and_in_the_readers_clock(browser, tmp_path_factory):
    quoted = lambda text: "'" + text.replace("'", "''") + "'"  # noqa: E731  (YAML's single quotes)
    out = build(
        tmp_path_factory.mktemp("fields-hostile"),
        dt.datetime(2028, 2, 1, tzinfo=dt.UTC),
        {"    title: Full papers\n": f"    title: {quoted(HOSTILE_TITLE)}\n", SUBMIT: quoted(HOSTILE_SUBMIT)},
    )
    row = facts(out)["Call for papers"]
    assert [a["href"] for a in row.select("a.external")] == [HOSTILE_SUBMIT]
    steps = json.loads(row.select_one(".ws-expiring")["data-steps"])
    assert steps[1][1] == f"Sat 1 April 2028, end of day AoE (UTC-12:00) ({HOSTILE_TITLE})"
    with SiteServer(out) as server:
        for path in ("2028/index.html", "2028/cfp.html", "index.html"):
            context = browser.new_context()
            page = context.new_page()
            dialogs = []
            page.on("dialog", lambda dialog, found=dialogs: (found.append(dialog.message), dialog.dismiss()))
            page.clock.set_fixed_time("2028-03-05T00:00:00Z")  # after the first deadline: the second one's words
            page.goto(server.url + path, wait_until="load")
            words = page.eval_on_selector(".ws-call span", "span => span.textContent")
            injected = page.eval_on_selector_all('img[src="x"], .ws-expiring script', "found => found.length")
            context.close()
            assert (dialogs, injected) == ([], 0), path
            assert words == f"Sat 1 April 2028, end of day AoE (UTC-12:00) ({HOSTILE_TITLE})", path
