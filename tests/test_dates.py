"""Important dates and announcements: instants worked out from what was
announced (and nothing more), and every mistake in them reported at its line
of the edition's file."""

from __future__ import annotations

import datetime as dt

import pytest
from test_checks import edited_2021, line_of, real_problems

from conftest import copy_project
from workshop.data import timeline
from workshop.data.dates import Moment

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
            "      - {date: 2021-04-20, changed: 2021-04-10}\n      - {date: 2021-05-01, changed: 2021-04-01}\n",
            "'abstract-deadline-2021''s history is not in date order: changed on 2021-04-01, after an entry "
            "changed on 2021-04-10 (line {date: 2021-04-20}); list the earlier values oldest first",
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
    if "no announcement" in expected:
        wanted = "updated: 2021-06-20"
    lines = [i for i, text in enumerate(path.read_text().splitlines(), 1) if wanted in text]
    assert line == lines[-1]  # (a second use of an id: at the second)


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
