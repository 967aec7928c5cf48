"""Versions from what changed: a change that no one marked (no `updated:`, no
`history:` line) still reaches every calendar, app and feed reader, from an
organizer's machine and from a clean clone alike.

An organizer's copy of the site is changed, built with `make html`'s command
(scripts/build.py, which records the version in the edition's lock file),
changed back and built again; then copied as a clean clone and built as CI
builds it. Calendars are read with ical.js, the frab JSON with pyfahrplan,
the feeds with feedparser, each time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from browser import SiteServer, node_module
from conftest import ROOT, SESSION_CLOCK, copy_project

# The published numbers of 2021 (from `updated: 2021-06-19`, whole minutes since 2020, and one extension).
PUBLISHED_ITEM_SEQUENCE = 770280
TALK = "hpc-hyperparameter-optimisation"
CLOSING = "closing-discussion-2021"
FIRST_BUILD = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
SECOND_BUILD = dt.datetime(2026, 12, 2, 16, 0, tzinfo=dt.UTC)


def make_html(project: Path, when: dt.datetime, ci: bool = False) -> subprocess.CompletedProcess:
    """`make html`'s command on the copy, with the build's clock fixed; `ci`: as CI runs it."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "READTHEDOCS")}
    env.update(PYTHONPATH=str(project / "_ext"), SOURCE_DATE_EPOCH=str(int(when.timestamp())))
    if ci:
        env["CI"] = "true"
    command = [sys.executable, str(project / "scripts" / "build.py"), str(project), str(project / "_build"), "-q"]
    command += ["-D", "workshop_books="]  # (no PDF books that another test left)
    return subprocess.run(command, capture_output=True, text=True, cwd=project, env=env)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def change_without_marking(project: Path) -> None:
    """The talk ends 5 minutes earlier, the closing discussion starts 5 minutes
    later, a deadline moves a week: no `updated:`, no `history:` line."""
    schedule = project / "2021" / "program" / "schedule.yaml"
    edit(schedule, 'start: "18:00"\n    duration: 15\n', 'start: "18:00"\n    duration: 10\n')
    edit(schedule, 'start: "18:15"', 'start: "18:20"')
    edit(schedule, "    date: 2021-07-10\n", "    date: 2021-07-17\n")


def change_back(project: Path) -> None:
    schedule = project / "2021" / "program" / "schedule.yaml"
    edit(schedule, 'start: "18:00"\n    duration: 10\n', 'start: "18:00"\n    duration: 15\n')
    edit(schedule, 'start: "18:20"', 'start: "18:15"')
    edit(schedule, "    date: 2021-07-17\n", "    date: 2021-07-10\n")


def calendars(site: Path) -> dict[str, dict]:
    """Every event of 2021's programme and deadline calendars, as ical.js reads them."""
    node_module("ical.js")
    files = [site / "2021" / "program" / "program.ics", site / "2021" / "deadlines.ics"]
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "ical_client.mjs"), *map(str, files)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return {e["uid"].removesuffix("@mlhpcs.org"): e for e in map(json.loads, result.stdout.splitlines())}


def frab_version(site: Path) -> str:
    return etree.parse(str(site / "2021" / "program" / "schedule.xml")).findtext("version")


def pyfahrplan_talks(site: Path) -> dict[str, dict]:
    from pyfahrplan.pyfahrplan import Fahrplan

    with SiteServer(site) as server:
        reader = Fahrplan.__new__(Fahrplan)
        reader.urls = [f"{server.url}2021/program/schedule.json"]
        reader.update_cache = True
        reader._get_fahrplans()
        reader.flatten_fahrplans()
    return {t["title"]: t for t in reader.flat_plans}


def feed_entries(site: Path) -> list:
    parsed = feedparser.parse((site / "2021" / "atom.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return [e for e in parsed.entries if ":programme/" in e.id]


def programme(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "2021" / "program" / "index.html").read_text(encoding="utf-8"), "html.parser")


def lock(project: Path) -> dict:
    return yaml.safe_load((project / "2021" / "program" / "versions.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def organizer(tmp_path_factory) -> dict:
    """The organizer's copy through two changes, and what each build published."""
    project = copy_project(tmp_path_factory.mktemp("organizer"))
    seen = {}
    change_without_marking(project)
    result = make_html(project, FIRST_BUILD)
    assert result.returncode == 0, result.stdout + result.stderr
    site = (project / "_build" / "html").resolve()
    seen["changed"] = {
        "stdout": result.stdout + result.stderr,
        "calendars": calendars(site),
        "frab": frab_version(site),
        "fahrplan": pyfahrplan_talks(site),
        "feed": feed_entries(site),
        "page": programme(site),
        "lock": lock(project),
    }
    change_back(project)
    result = make_html(project, SECOND_BUILD)
    assert result.returncode == 0, result.stdout + result.stderr
    site = (project / "_build" / "html").resolve()
    seen["back"] = {
        "calendars": calendars(site),
        "frab": frab_version(site),
        "feed": feed_entries(site),
        "page": programme(site),
        "lock": lock(project),
    }
    seen["project"] = project
    return seen


def test_the_committed_record_keeps_2020_and_2021_as_published(site):
    """The lock files add nothing to what was published: 2021's items keep the
    SEQUENCE of `updated: 2021-06-19`, its extended deadline 1, the other 0."""
    events = calendars(site)
    assert {events[i]["sequence"] for i in events if "deadline" not in i} == {PUBLISHED_ITEM_SEQUENCE}
    assert events["abstract-deadline-2021"]["sequence"] == 1
    assert events["full-paper-deadline-2021"]["sequence"] == 0
    assert frab_version(site) == "2021-06-19T00:00:00+02:00"
    assert not feed_entries(site) and not programme(site).select("#changes")


def test_dtstamp_is_the_builds_time_in_every_calendar(site):
    """RFC 5545: when the calendar was made (never a deadline's own day, which may be ahead)."""
    built = dt.datetime.fromtimestamp(int(SESSION_CLOCK["SOURCE_DATE_EPOCH"]), dt.UTC)
    for path in [*site.glob("20*/deadlines.ics"), *site.glob("20*/program/*.ics")]:
        for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            assert event.decoded("DTSTAMP") == built, path


def test_an_unmarked_change_publishes_a_higher_sequence_for_what_changed_and_only_for_it(organizer):
    before, after = organizer["changed"]["calendars"], organizer["back"]["calendars"]
    assert before[TALK]["sequence"] > PUBLISHED_ITEM_SEQUENCE
    assert before[TALK]["end"] == "2021-07-02T18:10:00"
    assert before[CLOSING]["sequence"] > PUBLISHED_ITEM_SEQUENCE and before[CLOSING]["start"].endswith("18:20:00")
    assert (
        before["full-paper-deadline-2021"]["sequence"] > 0
        and before["full-paper-deadline-2021"]["start"] == "2021-07-17"
    )
    assert before["welcome-2021"]["sequence"] == PUBLISHED_ITEM_SEQUENCE  # unchanged: not bumped
    assert before["abstract-deadline-2021"]["sequence"] == 1
    # Changed back: newer again, never the old number.
    for uid in (TALK, CLOSING, "full-paper-deadline-2021"):
        assert after[uid]["sequence"] > before[uid]["sequence"], uid
    assert after[TALK]["end"] == "2021-07-02T18:15:00" and after["full-paper-deadline-2021"]["start"] == "2021-07-10"
    assert after["welcome-2021"]["sequence"] == PUBLISHED_ITEM_SEQUENCE


def test_each_version_is_a_new_frab_version_read_by_pyfahrplan(organizer):
    versions = {"2021-06-19T00:00:00+02:00", organizer["changed"]["frab"], organizer["back"]["frab"]}
    assert len(versions) == 3
    assert organizer["changed"]["frab"] == "2026-12-01 09:30 UTC"
    talk = organizer["changed"]["fahrplan"]["Hyper-parameter optimisation on HPC – a comparative study"]
    assert talk["talk_start"] == "18:00" and talk["talk_duration"] == "00:10"


def test_the_feed_lists_each_version_in_words(organizer):
    (entry,) = organizer["changed"]["feed"]
    assert entry.title == "Programme changes of 1 December 2026 (version 2026-12-01 09:30 UTC)"
    assert entry.link.endswith("/2021/program/index.html#changes")
    assert entry.updated_parsed[:5] == (2026, 12, 1, 9, 30)
    assert "Hyper-parameter optimisation on HPC – a comparative study: moved from 18:00–18:15 to 18:00–18:10." in (
        entry.summary
    )
    assert "Closing Discussions: moved from 18:15, end not announced to 18:20, end not announced." in entry.summary
    assert (
        "Full papers, for the proceedings (after the workshop): moved from Sat 10 July 2021 to Sat 17 July 2021."
        in (entry.summary)
    )
    newest, older = organizer["back"]["feed"]
    assert older.id == entry.id  # an entry's id never changes
    assert "moved from 18:00–18:10 to 18:00–18:15" in newest.summary


def test_the_programme_lists_the_changes_and_strikes_through_an_earlier_time(organizer):
    page = organizer["changed"]["page"]
    row = page.select_one(f"tr#item-{TALK}")
    assert [d.get_text() for d in row.select("del")] == ["18:00–18:15"]
    assert "18:00–18:10" in row.select_one("time").get_text()
    (entry,) = page.select("ul.ws-changes > li")
    sentences = [li.get_text(" ", strip=True) for li in entry.select("ul > li")]
    talk = "Hyper-parameter optimisation on HPC – a comparative study"
    assert sentences[0] == f"{talk}: moved from 18:00–18:15 to 18:00–18:10."
    assert len(sentences) == 3  # one line per item or date changed
    assert entry.get_text(" ", strip=True).startswith("1 December 2026, 09:30 UTC (version 2026-12-01 09:30 UTC):")
    back = organizer["back"]["page"]
    assert [d.get_text() for d in back.select_one(f"tr#item-{TALK}").select("del")] == ["18:00–18:10", "18:00–18:15"]
    row = back.select_one(f"tr#item-{TALK}").get_text()
    assert "18:00–18:15 CEST (UTC+02:00) (was 18:00–18:10, 18:00–18:15)" in row
    newest, older = back.select("ul.ws-changes > li")  # newest first
    assert "18:00–18:10 to 18:00–18:15" in newest.get_text() and "18:00–18:15 to 18:00–18:10" in older.get_text()


def test_the_lock_file_records_each_version_and_make_html_says_to_commit_it(organizer):
    said = organizer["changed"]["stdout"]
    assert "Recorded a new version in 2021/program/versions.yaml: commit it with your change" in said
    versions = organizer["back"]["lock"]["versions"]
    assert [v["version"] for v in versions] == [
        "2021-06-19T00:00:00+02:00",
        "2026-12-01 09:30 UTC",
        "2026-12-02 16:00 UTC",
    ]
    assert {"subject": "item", "id": TALK, "field": "time", "was": "18:00–18:15", "now": "18:00–18:10"} in (
        versions[1]["changes"]
    )
    assert organizer["back"]["lock"]["items"][TALK]["state"]["time"] == "18:00–18:15"


def test_a_clean_clone_with_the_committed_record_publishes_the_same_numbers(organizer, tmp_path):
    """As CI builds: no record written, none needed; the same SEQUENCEs as the organizer's last build."""
    clone = copy_project(tmp_path / "clone")
    for name in ("2021/program/schedule.yaml", "2021/program/versions.yaml"):
        shutil.copy2(organizer["project"] / name, clone / name)
    result = make_html(clone, SECOND_BUILD + dt.timedelta(days=3), ci=True)
    assert result.returncode == 0, result.stdout + result.stderr
    events = calendars((clone / "_build" / "html").resolve())
    for uid in (TALK, CLOSING, "full-paper-deadline-2021", "welcome-2021"):
        assert events[uid]["sequence"] == organizer["back"]["calendars"][uid]["sequence"], uid
    assert frab_version((clone / "_build" / "html").resolve()) == organizer["back"]["frab"]
    assert (clone / "2021/program/versions.yaml").read_bytes() == (
        organizer["project"] / "2021/program/versions.yaml"
    ).read_bytes()


def test_a_clean_clone_without_the_record_of_a_change_publishes_nothing(tmp_path):
    """The lock file was not committed: CI stops at the changed line, says what changed and what to do."""
    clone = copy_project(tmp_path / "clone")
    change_without_marking(clone)
    result = make_html(clone, FIRST_BUILD, ci=True)
    assert result.returncode != 0
    fix = (
        "2021/program/versions.yaml does not record it: build on your machine (make html), which records it, "
        "and commit 2021/program/versions.yaml with this change"
    )
    lines = (clone / "2021" / "program" / "schedule.yaml").read_text(encoding="utf-8").splitlines()
    talk_start = lines.index('    start: "18:00"') + 1
    deadline = lines.index("    date: 2021-07-17") + 1
    assert (
        f"2021/program/schedule.yaml:{talk_start}: ERROR: '{TALK}' changed since the last recorded version: "
        f"time 18:00–18:15 -> 18:00–18:10; {fix}"
    ) in result.stderr
    assert (
        f"2021/program/schedule.yaml:{deadline}: ERROR: 'full-paper-deadline-2021' changed since the last recorded "
        "version: when Sat 10 July 2021 -> Sat 17 July 2021"
    ) in result.stderr
    assert "nothing was built" in result.stderr
    assert not (clone / "_build" / "html").exists()


@pytest.mark.parametrize("ci", [False, True], ids=["organizer", "ci"])
def test_check_data_says_what_the_next_build_records_or_stops_in_ci(tmp_path, ci):
    """`make check-data` (the editor's and pre-commit's check) sees what the build sees: on the
    organizer's machine a note at the changed line, in CI the build's mistake."""
    clone = copy_project(tmp_path / "clone")
    change_without_marking(clone)
    for name in ("Makefile", "requirements.txt"):  # (this checkout's .venv, as `make` finds it up to date)
        shutil.copy2(ROOT / name, clone / name)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "READTHEDOCS", "MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    env.update(SOURCE_DATE_EPOCH=str(int(FIRST_BUILD.timestamp())), **({"CI": "true"} if ci else {}))
    result = subprocess.run(
        ["make", "-s", "check-data", f"VENV={ROOT / '.venv'}"], capture_output=True, text=True, cwd=clone, env=env
    )
    lines = (clone / "2021" / "program" / "schedule.yaml").read_text(encoding="utf-8").splitlines()
    talk_start = lines.index('    start: "18:00"') + 1
    said = (
        f"2021/program/schedule.yaml:{talk_start}:{' note:' if not ci else ''} '{TALK}' changed since the last "
        "recorded version: time 18:00–18:15 -> 18:00–18:10; 2021/program/versions.yaml does not record it: build "
        "on your machine (make html), which records it, and commit 2021/program/versions.yaml with this change"
    )
    assert (result.returncode != 0, said in (result.stdout if ci else result.stderr)) == (ci, True), result


def test_a_clean_clone_with_no_record_at_all_publishes_nothing(tmp_path):
    clone = copy_project(tmp_path / "clone")
    (clone / "2021" / "program" / "versions.yaml").unlink()
    result = make_html(clone, FIRST_BUILD, ci=True)
    assert result.returncode != 0
    assert (
        "2021/program/schedule.yaml:1: ERROR: MLHPCS 2021 has no record of what it published "
        "(2021/program/versions.yaml is missing)"
    ) in result.stderr


def test_a_preview_shows_the_next_version_and_records_nothing(tmp_path):
    """`make serve` builds with workshop_versions=show: what would be published, and no record."""
    clone = copy_project(tmp_path / "clone")
    change_without_marking(clone)
    recorded = (clone / "2021" / "program" / "versions.yaml").read_bytes()
    result = subprocess.run(
        [sys.executable, str(clone / "scripts" / "build.py"), str(clone), str(clone / "_build" / "preview"), "-q"]
        + ["-D", "workshop_versions=show", "-D", "workshop_books="],
        capture_output=True,
        text=True,
        cwd=clone,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(int(FIRST_BUILD.timestamp()))},
    )
    assert result.returncode == 0, result.stderr
    assert "Recorded" not in result.stdout
    assert (clone / "2021" / "program" / "versions.yaml").read_bytes() == recorded
    page = programme((clone / "_build" / "preview" / "html").resolve())
    assert [d.get_text() for d in page.select_one(f"tr#item-{TALK}").select("del")] == ["18:00–18:15"]


def test_a_published_item_cannot_leave_the_programme(tmp_path):
    clone = copy_project(tmp_path / "clone")
    schedule = clone / "2021" / "program" / "schedule.yaml"
    text = schedule.read_text(encoding="utf-8")
    start = text.index("  - id: closing-discussion-2021")
    schedule.write_text(text[:start].rstrip() + "\n", encoding="utf-8")
    result = make_html(clone, FIRST_BUILD)
    assert result.returncode != 0
    items_line = text.splitlines().index("items:") + 1
    assert (
        f"2021/program/schedule.yaml:{items_line}: ERROR: "
        "'closing-discussion-2021' (“Closing Discussions”) was published (2021/program/versions.yaml) and is no "
        "longer in the programme: calendars and apps that have it would keep it. Put it back with 'status: cancelled'"
    ) in result.stderr


def test_a_published_date_cannot_leave_the_dates(tmp_path):
    clone = copy_project(tmp_path / "clone")
    schedule = clone / "2021" / "program" / "schedule.yaml"
    lines = schedule.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines.index("  - id: full-paper-deadline-2021\n")
    end = next(n for n in range(first + 1, len(lines)) if lines[n].startswith("  - ") or not lines[n].startswith("  "))
    schedule.write_text("".join(lines[:first] + lines[end:]), encoding="utf-8")
    result = make_html(clone, FIRST_BUILD)
    assert result.returncode != 0
    dates_line = lines.index("dates:\n") + 1
    assert (
        f"2021/program/schedule.yaml:{dates_line}: ERROR: 'full-paper-deadline-2021' (“Full papers, for the "
        "proceedings (after the workshop)”) was published (2021/program/versions.yaml) and is no longer among the "
        "dates: calendars that subscribed to deadlines.ics would keep it. Put it back; a date that moved keeps its "
        "id, with its new date and a 'history:' line"
    ) in result.stderr


# --- the record and its words, without building -------------------------------------------


def load(project: Path, locked: bool = False):
    from workshop.data.pipeline import load_workshop
    from workshop.data.read_series import series_lines

    values, _, _ = series_lines(project / "conf.py")
    return load_workshop(project, values, project / "conf.py", "references.bib", locked=locked)


def test_each_kind_of_change_is_said_in_words(tmp_path):
    project = copy_project(tmp_path / "words")
    schedule = project / "2021" / "program" / "schedule.yaml"
    day = '    date: 2021-07-02\n    start: "17:00"'
    edit(schedule, f"    status: scheduled\n{day}", f"    status: cancelled\n{day}")
    hoffmann = "      - {name: Nico Hoffmann, affiliation: TU Dresden}\n"
    edit(schedule, hoffmann, hoffmann + "      - {name: Ann Lee, affiliation: TU Dresden}\n")
    edit(schedule, "title: Welcome and Intro", "title: Welcome")
    edit(schedule, "    date: 2021-05-14\n    time: end-of-day\n", "    date: 2021-05-21\n    time: end-of-day\n")
    workshop, problems = load(project)
    assert problems == []
    from workshop.data import versions

    ((version, said),) = versions.changelog(workshop, workshop.edition(2021))
    assert said == [
        "Welcome: renamed from “Welcome and Intro”.",
        "Large-scale Neural Solvers for Partial Differential Equations: new speaker Ann Lee (TU Dresden).",
        "Challenges when scaling DL training to thousands on GPUs and TPUs: cancelled.",
        "Extended abstracts: moved from Fri 14 May 2021, end of day AoE (UTC-12:00) to "
        "Fri 21 May 2021, end of day AoE (UTC-12:00).",
    ]
    assert version.recorded.tzinfo is not None


def test_a_lock_file_edited_by_hand_is_a_located_mistake(tmp_path):
    project = copy_project(tmp_path / "broken")
    record = project / "2021" / "program" / "versions.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("items:\n", "items: [\n", 1), encoding="utf-8")
    _, problems = load(project)
    (problem,) = problems
    assert problem.path == "2021/program/versions.yaml"
    assert problem.message.startswith("this lock file cannot be read (expected ',' or ']', but got ':'): ")
    assert problem.message.endswith(
        "it is written by the build, never by hand; take it back from git (git checkout -- this file), then build again"
    )
