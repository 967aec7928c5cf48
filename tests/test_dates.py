"""Important dates and announcements: instants worked out from what was
announced (and nothing more), and every mistake in them reported at its line
of the edition's file."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from test_checks import edited_2021, line_of, real_problems

from conftest import ROOT, copy_project
from workshop.data import held_news, timeline
from workshop.data.dates import Moment
from workshop.data.pipeline import load_workshop
from workshop.data.read_series import series_lines

ABSTRACTS_2021 = """\
  - id: abstract-deadline-2021
    title: Extended abstracts
    date: 2021-05-14
    time: end-of-day
    zone: AoE
    history:
      - {date: 2021-05-01, changed: 2021-04-30}
"""


RESTORED = "    text: The call for papers returns to the Springer LNCS post-conference proceedings, with papers of up to 18 pages.\n"  # noqa: E501


def test_end_of_day_anywhere_on_earth_is_an_instant():
    moment = Moment(dt.date(2021, 5, 14), dt.time(23, 59, 59), "AoE", end_of_day=True)
    assert timeline.machine_value(moment) == "2021-05-15T11:59:59Z"
    assert timeline.words(moment) == "Fri 14 May 2021, end of day AoE (UTC-12:00)"


def test_a_time_in_an_iana_zone_keeps_its_zone():
    moment = Moment(dt.date(2027, 3, 1), dt.time(17, 0), "Europe/Berlin")
    assert timeline.machine_value(moment) == "2027-03-01T16:00:00Z"
    assert timeline.words(moment) == "Mon 1 March 2027, 17:00 CET (UTC+01:00)"


def test_a_date_alone_stays_a_date_and_is_over_only_when_the_day_has_ended_everywhere():
    moment = Moment(dt.date(2020, 5, 29))
    assert timeline.machine_value(moment) == "2020-05-29"
    assert timeline.words(moment) == "Fri 29 May 2020"
    assert timeline.over_everywhere(moment) == dt.datetime(2020, 5, 30, 12, tzinfo=dt.UTC)


def test_the_build_clock_is_source_date_epoch_when_set(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert timeline.build_time() == dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    time: end-of-day\n    zone: AoE\n",
            "    time: end-of-day\n",
            "'abstract-deadline-2021' has a time but no zone: add 'zone: AoE' or an IANA name such as Europe/Berlin",
        ),
        (
            "    zone: AoE\n",
            "    zone: Europe/Frankfurt\n",
            "'abstract-deadline-2021': zone 'Europe/Frankfurt' is neither AoE nor an IANA name such as Europe/Berlin",
        ),
        (
            "      - {date: 2021-05-01, changed: 2021-04-30}\n",
            "      - {date: 2021-05-01, changed: 2021-06-19}\n",
            "'abstract-deadline-2021' changed on 2021-06-19 to 2021-05-14, which had passed everywhere by then: "
            "write the day the change was announced, before the new value passed",
        ),
        (
            "      - {date: 2021-05-01, changed: 2021-04-30}\n",
            "      - {date: 2021-05-01, changed: 2021-04-29}\n",
            "'abstract-deadline-2021' changed on 2021-04-29, and no announcement of the edition is dated that day: "
            "add one that says what changed in the important dates",
        ),
        (
            "      - {date: 2021-05-01, changed: 2021-04-30}\n",
            "      - {date: 2021-05-20, changed: 2021-04-30}\n",
            "'abstract-deadline-2021' moves from 2021-05-20 to the earlier 2021-05-14: a deadline's history "
            "records extensions only (rule: a change moves a deadline later); for a date that may move "
            "either way, write 'kind: milestone'",
        ),
        (
            "    page: program/index.md\n",
            "    page: program/schedule.md\n",
            "announcement 'programme-published-2021' links to 2021/program/schedule.md, which does not exist "
            "(pages are named from the edition's folder, like cfp.md)",
        ),
        (
            "  - id: full-paper-deadline-2021\n",
            "  - id: abstract-deadline-2021\n",
            "date id 'abstract-deadline-2021' is given twice "
            "(first at 2021/program/schedule.yaml:{id: abstract-deadline-2021}): ids name calendar "
            "and feed entries; add the year, like abstract-deadline-2021-2021",
        ),
        (
            "    updated: 2021-06-19\n    title: Welcome and Intro\n",
            "    updated: 2021-06-20\n    title: Welcome and Intro\n",
            "'welcome-2021' changed on 2021-06-20, and no announcement of the edition is dated that day: add one "
            "that says what changed in the programme",
        ),
        (
            RESTORED,
            RESTORED[:-2] + " {cite:p}`isc2021workshops`\n",
            "announcement 'call-restored-2021': 'isc2021workshops' is a proceedings volume, not a paper: the "
            "bibliographies list papers. Cite one of its papers (ho2021msm, murana2021energy), or link to the "
            "edition's papers page",
        ),
        (
            RESTORED,
            RESTORED[:-2] + " See {cite:t}`ho2021`.\n",
            "announcement 'call-restored-2021': 'ho2021' is not a paper in references.bib: cite the key of an "
            "accepted paper",
        ),
        (
            RESTORED,
            RESTORED[:-2] + " See {cite:t}`ho2021msm murana2021energy`.\n",
            "announcement 'call-restored-2021': {cite:t}`ho2021msm murana2021energy` is no citation: write "
            "{cite:t}`key` or {cite:p}`key1,key2`",
        ),
        (
            "    time: end-of-day\n",
            "    time: '25:00'\n",
            "time '25:00' is not a time like 17:00, or end-of-day",
        ),
    ],
)
def test_mistakes_in_dates_and_announcements(tmp_path, old, new, expected):
    site, path = edited_2021(tmp_path, old, new)
    problems = real_problems(site)
    # "{text}" in a message: the line of that text in the changed file
    for marker in ("{date: 2021-04-20}", "{id: abstract-deadline-2021}"):
        if marker in expected:
            expected = expected.replace(marker, str(line_of(path, marker.strip("{}"))))
    assert [(where, m) for where, _, m in problems] == [("2021/program/schedule.yaml", expected)], problems
    (line,) = [ln for *_, ln, m in [(w, ln, m) for w, ln, m in problems]]
    wanted = new.strip().splitlines()[-1].strip()
    if "moves from" in expected:  # the line of the value that moved earlier
        wanted = "date: 2021-05-14"
    if "no announcement" in expected and "updated" in new:
        wanted = "updated: 2021-06-20"
    lines = [i for i, text in enumerate(path.read_text().splitlines(), 1) if wanted in text]
    assert line == lines[-1]  # (a second use of an id: at the second)


def test_a_history_out_of_order_is_reported_with_its_unannounced_days(tmp_path):
    new = "      - {date: 2021-04-20, changed: 2021-04-10}\n      - {date: 2021-05-01, changed: 2021-04-01}\n"
    site, path = edited_2021(tmp_path, "      - {date: 2021-05-01, changed: 2021-04-30}\n", new)
    first, second = line_of(path, "{date: 2021-04-20"), line_of(path, "{date: 2021-05-01")
    unannounced = "and no announcement of the edition is dated that day: add one that says what changed in the " \
        "important dates"  # fmt: skip
    assert [(ln, m) for _, ln, m in real_problems(site)] == [
        (first, f"'abstract-deadline-2021' changed on 2021-04-10, {unannounced}"),
        (second, f"'abstract-deadline-2021' changed on 2021-04-01, {unannounced}"),
        (
            second,
            "'abstract-deadline-2021''s history is not in date order: changed on 2021-04-01, after an entry "
            f"changed on 2021-04-10 (line {first}); list the earlier values oldest first",
        ),
    ]


def test_a_change_may_be_announced_on_the_new_deadline_s_last_day_somewhere(tmp_path):
    """Extended to the end of 14 May AoE, announced on 15 May: it was still 14 May west of the date line."""
    site, path = edited_2021(
        tmp_path,
        "      - {date: 2021-05-01, changed: 2021-04-30}\n",
        "      - {date: 2021-05-01, changed: 2021-05-15}\n",
    )
    path.write_text(path.read_text().replace("    date: 2021-04-30\n", "    date: 2021-05-15\n", 1))
    assert real_problems(site) == []


def test_a_moved_milestone_may_move_earlier(tmp_path):
    site = copy_project(tmp_path / "site")
    path = site / "2021" / "program" / "schedule.yaml"
    moved = ABSTRACTS_2021.replace(
        "    title: Extended abstracts\n", "    kind: milestone\n    title: Extended abstracts\n"
    )
    moved = moved.replace("{date: 2021-05-01,", "{date: 2021-05-20,")
    path.write_text(path.read_text().replace(ABSTRACTS_2021, moved, 1))
    assert real_problems(site) == []


# --- the programme's order, and items after an end never announced -----------------------------

CLOSING = """  - id: closing-discussion-2021
    kind: session
    status: scheduled
    date: 2021-07-02
    start: "18:15"
"""


def test_a_talk_moved_after_the_closing_discussion_is_reported(tmp_path):
    """The guide's move: change `start`. Listed where it was or moved below the closing
    discussion (whose end was never announced), it would start during an item of unknown
    length: one message, with the fixes (moving the closing item too), not a second about order."""
    site = copy_project(tmp_path / "site")
    path = site / "2021" / "program" / "schedule.yaml"
    text = path.read_text()
    assert '    start: "16:15"\n' in text and CLOSING in text
    path.write_text(text.replace('    start: "16:15"\n', '    start: "18:30"\n', 1))
    assert [(ln, m) for _, ln, m in real_problems(site)] == [
        (
            line_of(path, 'start: "18:30"'),
            "'tensorflow-cpu-tuning' starts at 18:30, after 'closing-discussion-2021' "
            f"(line {line_of(path, 'id: closing-discussion-2021')}, 18:15), whose end was never announced: an item "
            "with no end is the day's last. Move 'closing-discussion-2021' after it (a later start, listed last), "
            "give 'closing-discussion-2021' its duration, or move 'tensorflow-cpu-tuning' before it",
        )
    ]
    # Moved in the file too, below the closing discussion:
    site2 = copy_project(tmp_path / "site2")
    path = site2 / "2021" / "program" / "schedule.yaml"
    text = path.read_text()
    start = text.index("  - id: tensorflow-cpu-tuning")
    block = text[start : text.index("\n\n", start) + 2]
    moved = block.replace('    start: "16:15"\n', '    start: "18:30"\n')
    path.write_text(text.replace(block, "", 1).rstrip("\n") + "\n\n" + moved)
    assert [(ln, m) for _, ln, m in real_problems(site2)] == [
        (
            line_of(path, 'start: "18:30"'),
            "'tensorflow-cpu-tuning' starts at 18:30, after 'closing-discussion-2021' "
            f"(line {line_of(path, 'id: closing-discussion-2021')}, 18:15), whose end was never announced: an item "
            "with no end is the day's last. Move 'closing-discussion-2021' after it (a later start, listed last), "
            "give 'closing-discussion-2021' its duration, or move 'tensorflow-cpu-tuning' before it",
        )
    ]


# --- an edition's status and its history ---------------------------------------------------------

FACTS_2021 = """  start: 2021-07-02
  end: 2021-07-02
  timezone: Europe/Berlin  # the programme's times are CEST (UTC+02:00)
  status: EventScheduled  # online from the start: nothing was moved
"""
ZONE = "  timezone: Europe/Berlin\n"


@pytest.mark.parametrize(
    ("new", "at", "expected"),
    [
        (
            "  start: 2021-07-02\n  end: 2021-07-02\n" + ZONE + "  status: EventCancelled\n",
            "status: EventCancelled",
            "the edition is EventCancelled, and its history does not say since when: add history: - {status: "
            "<its status before, such as EventScheduled>, changed: <the day the change was announced>}",
        ),
        (
            "  start: 2021-07-02\n  end: 2021-07-02\n" + ZONE + "  status: EventPostponed\n"
            "  history:\n    - {status: EventScheduled, changed: 2021-06-24}\n",
            "status: EventPostponed",
            "a postponed edition's new dates are to be announced: write start: TBA and end: TBA (and the dates it "
            "had in its history); once its new dates are known, write them with status: EventRescheduled",
        ),
        (
            "  start: TBA\n  end: TBA\n" + ZONE + "  status: EventScheduled\n"
            "  history:\n    - {start: 2021-07-02, end: 2021-07-02, changed: 2021-06-24}\n",
            "start: TBA",
            "start: TBA is for a postponed edition (status: EventPostponed), not EventScheduled: write its dates",
        ),
        (
            "  start: TBA\n  end: 2021-07-02\n" + ZONE + "  status: EventPostponed\n"
            "  history:\n    - {status: EventScheduled, changed: 2021-06-24}\n",
            "start: TBA",
            "start is TBA and the other day is not: while new dates are to be announced, write start: TBA and end: TBA",
        ),
        (
            "  start: TBA\n  end: TBA\n" + ZONE + "  status: EventPostponed\n"
            "  history:\n    - {status: EventScheduled, changed: 2021-06-24}\n",
            "start: TBA",
            "start: TBA keeps the dates the edition had in its history: add history: - {start: <its first day>, "
            "end: <its last day>, status: EventScheduled, changed: <the day it was postponed>}",
        ),
        (
            "  start: 2021-07-02\n  end: 2021-07-02\n" + ZONE + "  status: EventRescheduled\n"
            "  history:\n    - {status: EventScheduled, changed: 2021-06-24}\n",
            "status: EventRescheduled",
            "a rescheduled edition names the dates it had: add their start and end to its history",
        ),
        (
            "  start: 2021-07-02\n  end: 2021-07-02\n" + ZONE + "  status: EventScheduled\n"
            "  history:\n    - {start: 2021-06-25, end: 2021-06-25, changed: 2021-06-24}\n",
            "status: EventScheduled",
            "the edition's dates changed (from 2021-06-25 to 2021-06-25): write status: EventRescheduled, so that "
            "every output says so",
        ),
        (
            "  start: 2021-07-02\n  end: 2021-07-02\n" + ZONE + "  status: EventCancelled\n"
            "  history:\n    - {status: EventScheduled, changed: 2021-06-23}\n",
            "changed: 2021-06-23",
            "the edition's status or dates changed on 2021-06-23, and no announcement of the edition is dated "
            "that day: add one that says what changed",
        ),
        (
            "  start: 2021-07-02\n  end: 2021-07-02\n" + ZONE + "  status: EventCancelled\n  history:\n"
            "    - {status: EventScheduled, changed: 2021-06-24}\n"
            "    - {status: EventMovedOnline, changed: 2021-06-22}\n",
            "changed: 2021-06-22",
            "the edition's history is not in date order: changed on 2021-06-22, after an entry changed on "
            "2021-06-24 (line {changed: 2021-06-24}); list the earlier values oldest first",
        ),
        (
            "  start: 2021-07-02\n  end: 2021-07-02\n" + ZONE + "  status: EventScheduled\n  history:\n"
            "    - {start: 2021-06-30, changed: 2021-06-24}\n",
            "changed: 2021-06-24",
            "start 'TBD' is not a date like 2021-07-02 (or TBA, for a postponed edition whose new dates are to be "
            "announced)",
        ),
    ],
)
def test_mistakes_in_an_edition_s_status(tmp_path, new, at, expected):
    if "'TBD'" in expected:  # (the schema's message, at the day)
        new, at, expected = new.replace("  start: 2021-07-02\n", "  start: TBD\n", 1), "start: TBD", expected
        expected = expected.replace("start 'TBD' ", "start ")
    site, path = edited_2021(tmp_path, FACTS_2021, new)
    if "{changed: 2021-06-24}" in expected:
        expected = expected.replace("{changed: 2021-06-24}", str(line_of(path, "changed: 2021-06-24")))
    assert [(ln, m) for _, ln, m in real_problems(site)] == [(line_of(path, at), expected)]


def test_a_rescheduled_edition_keeps_the_dates_it_had(tmp_path):
    """The one way that passes: its earlier dates in its history, the change announced on its day."""
    new = (
        "  start: 2021-07-02\n  end: 2021-07-02\n" + ZONE + "  status: EventRescheduled\n"
        "  history:\n    - {status: EventScheduled, start: 2021-06-25, end: 2021-06-25, changed: 2021-06-24}\n"
    )
    site, _ = edited_2021(tmp_path, FACTS_2021, new)
    assert real_problems(site) == []


# --- changes and announcements dated after the build's clock ------------------------------------

UPCOMING = ROOT / "tests" / "fixtures" / "edition-upcoming" / "2027"
UPCOMING_CLOCK = str(int(dt.datetime(2027, 2, 15, 12, tzinfo=dt.UTC).timestamp()))


def upcoming_site(tmp_path, old: str, new: str):
    site = copy_project(tmp_path / "site")
    shutil.copytree(UPCOMING, site / "2027")
    path = site / "2027" / "program" / "schedule.yaml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    return site, path


def test_a_change_dated_after_the_build_s_clock_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", UPCOMING_CLOCK)
    site, path = upcoming_site(tmp_path, "2027-02-10", "2027-02-20")  # the extension, and its announcement
    assert [(ln, m) for _, ln, m in real_problems(site)] == [
        (
            line_of(path, "changed: 2027-02-20"),
            "'abstract-deadline-2027' changed on 2027-02-20, after the build's clock (2027-02-15): a change is "
            "published on the day it is made; write it on that day",
        )
    ]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2027, 2, 20, 9, tzinfo=dt.UTC).timestamp())))
    assert real_problems(site) == []  # (on its day)


def test_an_announcement_dated_after_the_build_s_clock_is_held_back_and_said(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", UPCOMING_CLOCK)
    site, path = upcoming_site(tmp_path, "    date: 2027-02-10\n", "    date: 2027-02-16\n")
    path.write_text(path.read_text().replace("changed: 2027-02-10", "changed: 2027-02-16"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2027, 2, 16, 12, tzinfo=dt.UTC).timestamp())))
    assert real_problems(site) == []
    # A build on 15 February in Berlin (23:30 UTC is already the 16th there) publishes it; at 22:30 UTC it holds it.
    conf = site / "conf.py"
    workshop, _ = load_workshop(site, series_lines(conf)[0], conf, "references.bib")
    evening = dt.datetime(2027, 2, 15, 22, 30, tzinfo=dt.UTC)
    assert [news.id for _, news in held_news.held_back(workshop, evening)] == ["deadline-extended-2027"]
    assert held_news.held_back(workshop, evening + dt.timedelta(hours=1)) == []
    published = held_news.published_now(workshop, evening)
    assert [a.id for a in published.edition(2027).announcements] == ["call-open-2027"]
    assert "deadline-extended-2027" not in [a.id for a in published.announcements]
    assert held_news.notes(workshop, evening) == [
        (
            f"{workshop.edition(2027).source}:{line_of(path, 'id: deadline-extended-2027')}",
            "announcement 'deadline-extended-2027' is dated 2027-02-16, after the build's clock (2027-02-15 22:30 "
            "UTC): held back until that day",
        )
    ]
