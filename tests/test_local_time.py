"""The local-time switch as readers in three places see it: the whole range
converted, in their conventions (clock, order of day and month), with the
page's words in the page's language."""

from __future__ import annotations

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")


# The keynote of 2021: Fri 2 July 2021, 14:15–15:00 CEST (12:15–13:00 UTC).
# Closing discussions: 18:15 CEST, end not announced (16:15 UTC).
READERS = [
    # An American reader: 12-hour clock, month before day.
    ("en-US", "America/New_York", "Fri, July 2, 8:15 – 9:00 AM EDT", "Fri, July 2 at 12:15 PM EDT"),
    # A German browser: the page's English words, 24-hour clock, day before month.
    ("de-DE", "Asia/Kolkata", "Fri, 2 July, 17:45–18:30 GMT+5:30", "Fri, 2 July at 21:45 GMT+5:30"),
    # A British reader in Sydney: the end of the day moves to the next.
    ("en-GB", "Australia/Sydney", "Fri 2 July, 22:15–23:00 GMT+10", "Sat 3 July at 02:15 GMT+10"),
]


@pytest.mark.parametrize(("locale", "zone", "keynote", "closing"), READERS)
def test_local_time_in_the_readers_conventions(browser, server, locale, zone, keynote, closing):
    context = browser.new_context(locale=locale, timezone_id=zone)
    page = context.new_page()
    page.goto(server.url + "2021/program/index.html", wait_until="networkidle")
    page.locator(".ws-local-switch input").check()
    row = page.locator("tr#item-soudry-keynote").inner_text()
    last = page.locator("tr#item-closing-discussion-2021").inner_text()
    page.goto(server.url + "2021/program/soudry-keynote.html", wait_until="networkidle")
    facts = page.locator(".ws-facts").inner_text()  # (the choice is remembered from the programme)
    context.close()
    assert f"14:15–15:00 CEST (UTC+02:00) (your time: {keynote})" in row
    assert f"(your time: {keynote})" in facts
    assert f"18:15 CEST (UTC+02:00), end not announced (your time: {closing})" in last
    for english_only in ("Fr.", "Juli", "your time,"):
        assert english_only not in row + last
