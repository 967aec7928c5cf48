"""The data rules: one kitchen-sink fixture that breaks each rule once, the
mistakes that stop every other rule (syntax errors), and the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from workshop.__main__ import main
from workshop.checks import load_workshop
from workshop.load import event_lines, load_bib, load_schedule

KITCHEN_SINK = ROOT / "tests" / "fixtures" / "kitchen-sink"

# One line per rule; a new rule adds its line here (and its mistake to the fixture).
EXPECTED = [
    "conf.py:8: workshop_event: time zone 'Europe/Frankfurt' is not an IANA name such as Europe/Berlin",
    "papers/again.md:4: the paper directive needs an argument",
    "papers/baddoi.md:1: 'baddoi' already has a page: papers/again.md",
    "papers/typo.md:1: paper 'nopag' is not in references.bib",
    "program/schedule.yaml:11: duplicate item id 'good-talk' (first used on line 1)",
    "program/schedule.yaml:19: 'ghost' overlaps 'good-talk' (line 1)",
    "program/schedule.yaml:19: paper 'nosuchkey' is not in references.bib",
    "program/schedule.yaml:34: a paper-talk takes its title from references.bib: remove 'title'",
    "program/schedule.yaml:36: each speaker needs exactly 'name' and 'affiliation'",
    "program/schedule.yaml:37: recording 'ftp://example.org/video' is not an http(s) URL",
    "program/schedule.yaml:39: unknown kind 'keynote' (one of: invited-talk, paper-talk, live-session, release)",
    "program/schedule.yaml:40: unknown status 'maybe' (one of: scheduled, on-demand, moved-online, cancelled)",
    "program/schedule.yaml:41: date '2020-06-31' is not a date like 2020-06-25",
    "program/schedule.yaml:42: start '25:00' is not a time like 14:30 (or TBA)",
    "program/schedule.yaml:43: duration '-5' must be a positive number of minutes",
    "program/schedule.yaml:44: unknown field 'colour' (known: date, duration, id, kind, paper, preprint, "
    "recording, slides, speakers, start, status, title, updated, where)",
    "program/schedule.yaml:45: updated 'yesterday' is not a date or date-time like 2020-06-14T10:00",
    "program/schedule.yaml:46: item is missing the required field 'id'",
    "program/schedule.yaml:50: id 'Invited_Talk' must be lower-case words joined by hyphens",
    "program/schedule.yaml:54: an item with a start time needs a duration in minutes",
    "program/schedule.yaml:56: only a paper-talk names a 'paper'",
    "program/schedule.yaml:60: invited-talk 'lonely-talk' has no page (a page with ```{talk} lonely-talk```)",
    "program/typo-talk.md:1: 'lonely-tlak' is not an invited talk or live session in the schedule",
    "references.bib:6: accepted paper 'noauthor' has no 'author' field",
    "references.bib:12: 'baddoi' has a malformed DOI 'https://doi.org/10.1000/1' (expected 10.NNNN/suffix, no URL)",
    "references.bib:20: accepted paper 'nopage' has no page (a page with ```{paper} nopage```)",
    "references.bib:27: accepted paper 'unpresented' has no programme item in the schedule",
]


def test_kitchen_sink_reports_every_rule_once_in_file_and_line_order(monkeypatch, capsys):
    monkeypatch.chdir(KITCHEN_SINK)
    assert main(["check", "."]) == 1
    assert capsys.readouterr().out.splitlines() == EXPECTED


def test_the_real_site_has_no_mistakes(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["check", "."]) == 0
    assert capsys.readouterr().out == ""


def test_command_line_prints_path_line_message_and_exits_1():
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "check", str(KITCHEN_SINK)],
        capture_output=True,
        text=True,
        cwd=ROOT / "_ext",
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].endswith(
        "kitchen-sink/conf.py:8: workshop_event: time zone 'Europe/Frankfurt' is not an IANA name such as Europe/Berlin"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- id: a\n  kind: [unclosed\n", 3, "YAML syntax error: expected ',' or ']', but got '<stream end>'"),
        ("- id: a\n\tkind: tab\n", 2, "YAML syntax error: found character '\\t' that cannot start any token"),
        ("id: a\n", 1, "the schedule must be a list of programme items"),
        ("- just a string\n", 1, "each programme item must be a mapping of fields"),
    ],
)
def test_schedule_mistakes_that_stop_reading(tmp_path, text, line, message):
    path = tmp_path / "schedule.yaml"
    path.write_text(text)
    items, problems, _ = load_schedule(path)
    assert items == []
    assert [(p.line, p.message) for p in problems] == [(line, message)]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "@article{a,\n  title = {x},\n  year = {2020}\n\n@article{b,\n  title = {y}}\n",
            5,
            "BibTeX syntax error: '}' expected",
        ),
        ("@article{a,\n  title = {x}\n  year = {2020}}\n", 3, "BibTeX syntax error: '}' expected"),
        ("@article{a,\n  title = ,\n}\n", 2, "BibTeX syntax error: field value expected"),
        (
            "@article{a,\n  title = {x}}\n\n@article{a,\n  title = {y}}\n",
            4,
            "duplicate BibTeX key 'a' (first used on line 1)",
        ),
    ],
)
def test_bib_mistakes_that_stop_reading(tmp_path, text, line, message):
    path = tmp_path / "references.bib"
    path.write_text(text)
    entries, problems = load_bib(path)
    assert entries == {}
    assert [(p.line, p.message) for p in problems] == [(line, message)]


def test_proceedings_key_must_be_in_the_bib(tmp_path):
    site = copy_project(tmp_path / "site")
    conf = site / "conf.py"
    conf.write_text(conf.read_text().replace('"proceedings": "jagode2020isc"', '"proceedings": "lncs"'))
    values = event_lines(conf)[0]
    _, problems = load_workshop(site, values, conf, "references.bib", "program/schedule.yaml", "papers", "program")
    line = next(i for i, ln in enumerate(conf.read_text().splitlines(), 1) if '"proceedings"' in ln)
    assert [(Path(p.path).name, p.line, p.message) for p in problems] == [
        ("conf.py", line, "workshop_event: proceedings 'lncs' is not in references.bib")
    ]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "status",
            "Online",
            "status 'Online' is not one of EventScheduled, EventMovedOnline, EventPostponed, "
            "EventRescheduled, EventCancelled",
        ),
        ("url", "https://mlhpcs.org/2020", "url 'https://mlhpcs.org/2020' must be an http(s) URL ending in '/'"),
        ("start", "20 June 2020", "start '20 June 2020' is not a date like 2020-06-20"),
        ("timezone", "CEST", "time zone 'CEST' is not an IANA name such as Europe/Berlin"),
    ],
)
def test_event_mistakes_name_their_line_in_conf_py(tmp_path, key, value, message):
    site = copy_project(tmp_path / "site")
    conf = site / "conf.py"
    text = conf.read_text()
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith(f'"{key}":'))
    old = next(ln for ln in text.splitlines() if ln.strip().startswith(f'"{key}":'))
    conf.write_text(text.replace(old, f'    "{key}": "{value}",'))
    _, problems = load_workshop(
        site, event_lines(conf)[0], conf, "references.bib", "program/schedule.yaml", "papers", "program"
    )
    assert [(p.line, p.message) for p in problems] == [(line, f"workshop_event: {message}")]


def test_event_keys_missing_and_unknown(tmp_path):
    site = copy_project(tmp_path / "site")
    conf = site / "conf.py"
    conf.write_text(
        conf.read_text().replace('    "contact": "info@mlhpcs.org",\n', '    "email": "info@mlhpcs.org",\n')
    )
    _, problems = load_workshop(
        site, event_lines(conf)[0], conf, "references.bib", "program/schedule.yaml", "papers", "program"
    )
    messages = [p.message for p in problems]
    assert messages == ["workshop_event: missing 'contact'", "workshop_event: unknown key 'email'"]


def test_command_line_refuses_a_workshop_event_that_is_not_a_literal(tmp_path, capsys):
    site = copy_project(tmp_path / "site")
    conf = site / "conf.py"
    conf.write_text(conf.read_text().replace('"acronym": "MLHPCS 2020",', '"acronym": "MLHPCS " + str(2020),'))
    assert main(["check", str(site)]) == 1
    assert "cannot read workshop_event as a literal dict" in capsys.readouterr().err
