"""Calendar files on a tiny test root: timed, cancelled, to be announced, day only, no end."""

import datetime as dt

import icalendar
import pytest
from bs4 import BeautifulSoup


def events(path):
    return {e["UID"]: e for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


BEFORE = str(int(dt.datetime(2020, 6, 1, tzinfo=dt.UTC).timestamp()))  # the build's clock, before the edition


@pytest.mark.sphinx("html", testroot="calendar", freshenv=True)
def test_calendar_items(app, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    app.build()
    assert app.warning.getvalue() == ""
    cal = icalendar.Calendar.from_ical((app.outdir / "2020" / "program" / "program.ics").read_bytes())
    found = {e["UID"]: e for e in cal.walk("VEVENT")}
    assert sorted(found) == ["closing@example.org", "keynote@example.org", "panel@example.org", "release@example.org"]

    keynote = found["keynote@example.org"]
    assert keynote.decoded("DTSTART") == dt.datetime(2020, 6, 22, 14, 30, tzinfo=keynote.decoded("DTSTART").tzinfo)
    assert keynote["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert keynote.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)
    assert keynote.decoded("DTEND") - keynote.decoded("DTSTART") == dt.timedelta(minutes=45)
    assert keynote["STATUS"] == "CANCELLED"
    assert keynote.decoded("LAST-MODIFIED") == dt.datetime(2020, 6, 20, 7, 30, tzinfo=dt.UTC)
    assert keynote["SEQUENCE"] > 0
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]

    panel = found["panel@example.org"]
    assert panel.decoded("DTSTART") == dt.date(2020, 6, 23)  # all day while the time is unknown
    assert panel.decoded("DTEND") == dt.date(2020, 6, 24)
    assert panel["STATUS"] == "TENTATIVE"
    assert "Time to be announced." in panel["DESCRIPTION"]
    assert found["release@example.org"].decoded("DTSTART") == dt.date(2020, 6, 21)

    closing = found["closing@example.org"]  # a start and no announced end: none is invented
    assert closing.decoded("DTSTART") == dt.datetime(2020, 6, 24, 18, 15, tzinfo=closing.decoded("DTSTART").tzinfo)
    assert "DTEND" not in closing and "DURATION" not in closing
    assert "End not announced." in closing["DESCRIPTION"]

    assert list(events(app.outdir / "2020" / "program" / "keynote.ics")) == ["keynote@example.org"]


@pytest.mark.sphinx("html", testroot="calendar", freshenv=True)
def test_pages_show_status_and_honest_times(app, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    app.build()
    keynote = BeautifulSoup((app.outdir / "2020" / "program" / "keynote.html").read_text(), "html.parser")
    assert keynote.select_one(".ws-facts strong").get_text() == "Cancelled"
    assert keynote.select_one('a[download][href="keynote.ics"]') is None  # (nothing to add: it was cancelled)
    table = BeautifulSoup((app.outdir / "2020" / "program" / "index.html").read_text(), "html.parser")
    rows = {r["id"]: r for r in table.select("tr[id]")}
    assert rows["item-keynote"].select("td")[0].get_text() == "Invited talk (Cancelled)"  # (after the time, a <th>)
    assert rows["item-panel"].select_one("time").get_text() == "Tue 23 June 2020, time to be announced"
    assert rows["item-release"].select_one("time").get_text() == "Sun 21 June 2020"
    assert rows["item-release"].select_one("time")["datetime"] == "2020-06-21"
    closing = rows["item-closing"].select_one("time")
    assert closing.get_text() == "Wed 24 June 2020, 18:15 CEST (UTC+02:00), end not announced"
    assert closing["datetime"] == "2020-06-24T18:15+02:00"


@pytest.mark.sphinx("html", testroot="calendar", freshenv=True)
def test_once_the_edition_is_over_a_time_to_be_announced_reads_not_announced(app):
    """Built after the edition (the machine's clock): nothing is still "to be
    announced", and the calendar claims no TENTATIVE status (nor another)."""
    app.build()
    assert app.warning.getvalue() == ""
    table = BeautifulSoup((app.outdir / "2020" / "program" / "index.html").read_text(), "html.parser")
    rows = {r["id"]: r for r in table.select("tr[id]")}
    assert rows["item-panel"].select_one("time").get_text() == "Tue 23 June 2020, time not announced"
    assert "to be announced" not in table.get_text()
    for path in (app.outdir / "2020" / "program" / "program.ics", app.outdir / "2020" / "program" / "panel.ics"):
        panel = events(path)["panel@example.org"]
        assert "STATUS" not in panel
        assert "Time not announced." in panel["DESCRIPTION"] and "to be announced" not in panel["DESCRIPTION"]
        assert panel.decoded("DTSTART") == dt.date(2020, 6, 23)  # the day alone, as announced
