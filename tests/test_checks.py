"""The data rules: one kitchen-sink series that breaks each cross-file rule
once, a table of the mistakes the published schema catches in a programme
file, the mistakes that stop reading (syntax, encoding), and the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from conftest import ROOT, copy_project
from workshop.__main__ import main
from workshop.data.bib import load_bib
from workshop.data.pipeline import load_workshop
from workshop.data.read_edition import load_edition
from workshop.data.read_series import series_lines
from workshop.data.schema import SCHEMA_FILE

KITCHEN_SINK = ROOT / "tests" / "fixtures" / "kitchen-sink"

# One line per rule; a new rule adds its line here (and its mistake to the fixture).
EXPECTED = [
    "2020/papers/again.md:3: the paper directive needs an argument",
    "2020/papers/baddoi.md:1: paper 'baddoi' is presented in 2021: its page belongs in 2021/papers/",
    "2020/papers/elsewhere.md:1: paper 'elsewhere' is presented in 2021: its page belongs in 2021/papers/",
    "2020/papers/twice.md:1: 'baddoi' already has a page: 2020/papers/baddoi.md",
    "2020/papers/typo.md:1: paper 'nopag' is not in references.bib",
    "2020/program/keynote.md:1: 'good-talk' is in 2021's programme, not this folder's",
    "2020/program/schedule.yaml:7: the edition is EventMovedOnline, and its history does not say since when: add "
    "history: - {status: <its status before, such as EventScheduled>, changed: <the day the change was announced>}",
    "2020/program/schedule.yaml:13: 'J. Keuper' may be 'Janis Keuper' (references.bib:61): write the given name "
    "in full, as it is written there (and in full for a different person, too)",
    "2020/program/schedule.yaml:23: 'overlapping' overlaps 'good-talk' (line 15)",
    "2020/program/schedule.yaml:35: paper 'nosuchkey' is not in references.bib",
    "2020/program/schedule.yaml:41: paper 'vol2021' is not an accepted paper",
    "2020/program/schedule.yaml:46: 'late-talk' is dated 2020-07-01, outside the edition's dates "
    "(2020-06-20 to 2020-06-25)",
    "2020/program/schedule.yaml:49: invited-talk 'lonely-talk' has no page (a page in 2020/program/ with "
    "```{talk} lonely-talk```)",
    "2020/program/typo-talk.md:1: 'lonely-tlak' is not a talk or session with a page of its own",
    "2020/program/typo-talk.md:1: this page of KSW 2020 is in no list of pages: add 'typo-talk' to the toctree of "
    "2020/program/index.md (line 3)",
    "2021/program/schedule.yaml:9: H 2021 ends (2021-06-24) before it starts (2021-07-02)",
    "2021/program/schedule.yaml:12: duplicate item id 'good-talk' (first used at 2020/program/schedule.yaml:15): "
    "ids name calendar entries across the series; add the year, like welcome-2021",
    "2021/program/schedule.yaml:22: paper 'baddoi' is already presented at 2020/program/schedule.yaml:29: "
    "a paper has one item",
    "2021/program/schedule.yaml:22: paper 'baddoi' is in LNE 1, not in 2021's proceedings (LNE 2, 'vol2021'): "
    "is it in the right edition?",
    "2021/program/schedule.yaml:28: paper 'elsewhere' is in LNE 1, not in 2021's proceedings (LNE 2, 'vol2021'): "
    "is it in the right edition?",
    "2021/program/schedule.yaml:30: 'Jonathan Murana' is not an author of 'elsewhere' in references.bib "
    "(authors: Jonathan Muraña, Janis Keuper)",
    "2021/program/schedule.yaml:30: 'Jonathan Murana' is spelled 'Jonathan Muraña' at references.bib:61: "
    "one person, one spelling (accents and capitals included)",
    "2021/program/schedule.yaml:31: 'Norman Other' is not an author of 'elsewhere' in references.bib "
    "(authors: Jonathan Muraña, Janis Keuper)",
    "2021/program/schedule.yaml:37: 'ks-deadline-2021' changed on 2021-05-20 to 2021-05-14, which had passed "
    "everywhere by then: write the day the change was announced, before the new value passed",
    "2021/program/schedule.yaml:37: 'ks-deadline-2021' changed on 2021-05-20, and no announcement of the edition "
    "is dated that day: add one that says what changed in the important dates",
    "2022/index.md:1: edition folder 2022/ has no program/schedule.yaml",
    "conf.py:6: workshop_series: url 'https://example.org/ksw' must be an http(s) URL ending in '/'",
    "references.bib:15: accepted paper 'noauthor' has no 'author' field",
    "references.bib:23: 'baddoi' has a malformed DOI 'https://doi.org/10.1000/1' (expected 10.NNNN/suffix, no URL)",
    "references.bib:33: 'badnumbers' has pages '30--12' that run backwards",
    "references.bib:33: 'badnumbers' has year '20x0': write the four digits of one year, like 2021",
    "references.bib:43: accepted paper 'nopage' has no page (a page in 2020/papers/ with ```{paper} nopage```)",
    "references.bib:52: accepted paper 'unpresented' has no programme item in any edition",
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
    # From the project's root (the folder of its conf.py), wherever the command runs.
    assert result.stdout.splitlines()[0] == "2020/papers/again.md:3: the paper directive needs an argument"
    assert "Traceback" not in result.stderr


# --- one programme file against the schema -------------------------------------------

GOOD = """\
edition:
  year: 2021
  acronym: T 2021
  start: 2021-07-02
  end: 2021-07-02
  timezone: Europe/Berlin
  status: EventScheduled
  format: online
  host: {name: Host 2021, short: H 2021, url: "https://example.org/"}
  proceedings: vol
items:
  - id: talk
    kind: invited-talk
    status: scheduled
    date: 2021-07-02
    start: "14:00"
    duration: 30
    title: A Talk
    speakers:
      - name: A Speaker
        affiliation: A Place
"""


def edition_problems(tmp_path, text: str | bytes):
    path = tmp_path / "schedule.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    edition, problems, _ = load_edition(path)
    assert (edition is None) == bool(problems)
    return [(p.line, p.message) for p in problems]


def test_a_good_file_has_no_problems(tmp_path):
    assert edition_problems(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "    kind: invited-talk\n",
            "    kind: keynote-talk\n",
            13,
            "kind 'keynote-talk' is not one of: keynote, invited-talk, contributed-talk, paper-talk, session, "
            "live-session, release, poster, break",
        ),
        (
            "    status: scheduled\n",
            "    status: maybe\n",
            14,
            "status 'maybe' is not one of: scheduled, on-demand, moved-online, cancelled",
        ),
        ("    date: 2021-07-02\n", "    date: 2 July 2021\n", 15, "date '2 July 2021' is not a date like 2021-07-02"),
        ("    date: 2021-07-02\n", "    date: 2021-06-31\n", 15, "date '2021-06-31' is not a date like 2021-07-02"),
        ('    start: "14:00"\n', '    start: "25:00"\n', 16, "start '25:00' is not a time like 14:30 (or TBA)"),
        (
            "    duration: 30\n",
            "    duration: -5\n",
            17,
            "duration must be a positive number of minutes, or unannounced where no end was announced",
        ),
        (
            "    duration: 30\n",
            "    duration: half an hour\n",
            17,
            "duration must be a positive number of minutes, or unannounced where no end was announced",
        ),
        (
            "    duration: 30\n",
            "",
            12,
            "an item with a start time needs a duration in minutes (or duration: unannounced)",
        ),
        (
            "    duration: 30\n",
            "    duration: 30\n    colour: red\n",
            18,
            "unknown field 'colour' (known: chairs, date, duration, id, kind, paper, preprint, recording, room, "
            "slides, speakers, start, status, title, updated, where)",
        ),
        (
            "  - id: talk\n",
            "  - id: Invited_Talk\n",
            12,
            "id 'Invited_Talk' must be lower-case words joined by hyphens",
        ),
        ("  - id: talk\n    kind", "  - kind", 12, "missing the required field 'id'"),
        (
            "    kind: invited-talk\n",
            "    kind: contributed-talk\n    paper: key\n",
            12,
            "an item with a paper takes its title from references.bib: remove 'title'",
        ),
        ("    title: A Talk\n", "", 12, "an item without a paper needs a 'title'"),
        ("    title: A Talk\n", "    title: 2021\n", 18, "title must be text (in quotes if it looks like a number)"),
        (
            "    kind: invited-talk\n",
            "    kind: paper-talk\n",
            12,
            "a paper-talk needs 'paper': the BibTeX key of its paper",
        ),
        ("    speakers:\n      - name: A Speaker\n        affiliation: A Place\n", "", 12, "a talk needs 'speakers'"),
        ("        affiliation: A Place\n", "", 20, "missing the required field 'affiliation'"),
        (
            "        affiliation: A Place\n",
            "        affiliation: A Place\n        email: a@example.org\n",
            22,
            "unknown field 'email' (known: affiliation, distinct_from, name, presenter)",
        ),
        (
            "    title: A Talk\n",
            "    title: A Talk\n    recording: ftp://example.org/v\n",
            19,
            "recording 'ftp://example.org/v' is not an http(s) URL",
        ),
        (
            "    title: A Talk\n",
            "    title: A Talk\n    updated: yesterday\n",
            19,
            "updated 'yesterday' is not a date or date-time like 2021-06-19T10:00",
        ),
        (
            "    title: A Talk\n",
            "    title: A Talk\n    title: Another\n",
            19,
            "'title' is given twice in this mapping (first on line 18): keep one",
        ),
        (
            "  timezone: Europe/Berlin\n",
            "  timezone: CEST\n",
            6,
            "timezone 'CEST' is not an IANA time zone name such as Europe/Berlin",
        ),
        (
            "  status: EventScheduled\n",
            "  status: Online\n",
            7,
            "status 'Online' is not one of: EventScheduled, EventMovedOnline, EventPostponed, EventRescheduled, "
            "EventCancelled",
        ),
        (
            "  timezone: Europe/Berlin\n",
            "",
            2,
            "missing the required field 'timezone': an edition is published with its start, end, timezone, status, "
            "format and host, written together",
        ),
        (
            "  proceedings: vol\n",
            "  proceedings: vol\n  submission: CMT\n",
            11,
            "submission 'CMT' is not an http(s) URL",
        ),
        (
            "  proceedings: vol\n",
            "  proceedings: vol\n  registration: www.example.org\n",
            11,
            "registration 'www.example.org' is not an http(s) URL",
        ),
        (
            "        affiliation: A Place\n",
            "        affiliation: A Place\n    chairs:\n      - {name: A Chair}\n",
            23,
            "missing the required field 'affiliation'",
        ),
        (
            '    kind: invited-talk\n    status: scheduled\n    date: 2021-07-02\n    start: "14:00"\n'
            "    duration: 30\n    title: A Talk\n    speakers:\n      - name: A Speaker\n"
            "        affiliation: A Place\n",
            "    kind: poster\n    status: scheduled\n    date: 2021-07-02\n    title: A Poster\n",
            12,
            "a poster needs 'speakers': its authors, with presenter: true on who presents it",
        ),
        ("    kind: invited-talk\n", "    kind: break\n", 12, "a break has no speakers and no chairs"),
        ("  year: 2021\n", "  year: twenty-one\n", 2, "year must be a integer"),
        ("    title: A Talk\n", "    title: '   '\n", 18, "title '   ' must not be blank"),
    ],
)
def test_schema_mistakes_name_the_field_and_line(tmp_path, old, new, line, message):
    assert old in GOOD
    assert edition_problems(tmp_path, GOOD.replace(old, new, 1)) == [(line, message)]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "items:\n  - id: a\n    kind: [unclosed\n",
            4,
            "YAML syntax error: expected ',' or ']', but got '<stream end>'",
        ),
        ("items:\n  - id: a\n\tkind: tab\n", 3, "YAML syntax error: found character '\\t' that cannot start any token"),
        ("- id: a\n", 1, "the file must be a mapping with 'edition' and 'items'"),
        (
            GOOD.replace("A Place", "Universit\xe9").encode("latin-1"),
            21,
            "the programme file is not UTF-8 (byte 0xe9): save it as UTF-8",
        ),
    ],
)
def test_mistakes_that_stop_reading(tmp_path, text, line, message):
    assert edition_problems(tmp_path, text) == [(line, message)]


def test_the_published_schema_is_valid_and_the_real_files_name_it():
    schema = json.loads(SCHEMA_FILE.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    for path in sorted(ROOT.glob("[12][0-9][0-9][0-9]/program/schedule.yaml")):
        first = path.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../_ext/workshop/edition.schema.json", path
        assert (path.parent / first.split("=", 1)[1]).resolve() == SCHEMA_FILE


# --- references.bib ------------------------------------------------------------------------


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
        (b"@article{a,\n  title = {Caf\xe9}}\n", 2, "the bibliography is not UTF-8 (byte 0xe9): save it as UTF-8"),
    ],
)
def test_bib_mistakes_that_stop_reading(tmp_path, text, line, message):
    path = tmp_path / "references.bib"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    entries, problems = load_bib(path)
    assert entries == {}
    assert [(p.line, p.message) for p in problems] == [(line, message)]


# --- the real series, broken in one place ------------------------------------------------------


def real_problems(site):
    conf = site / "conf.py"
    _, problems = load_workshop(site, series_lines(conf)[0], conf, "references.bib")
    return [(p.path.split("/site/", 1)[-1], p.line, p.message) for p in problems]


def edited_2021(tmp_path, old: str, new: str):
    """A copy of the site with `old` replaced by `new` in 2021's file: (site, that file)."""
    site = copy_project(tmp_path / "site")
    path = site / "2021" / "program" / "schedule.yaml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    return site, path


def line_of(path, text: str) -> int:
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if text in ln)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  - id: hoffmann-neural-solvers\n    kind: invited-talk\n    status: scheduled\n    date: 2021-07-02\n",
            "  - id: hoffmann-neural-solvers\n    kind: invited-talk\n    status: scheduled\n    date: 2021-07-03\n",
            "'hoffmann-neural-solvers' is dated 2021-07-03, outside the edition's dates (2021-07-02 to 2021-07-02)",
        ),
        ("  end: 2021-07-02\n", "  end: 2021-07-01\n", "the edition ends (2021-07-01) before it starts (2021-07-02)"),
        (
            "  proceedings: isc2021workshops\n",
            "  proceedings: isc2021\n",
            "proceedings 'isc2021' is not in references.bib",
        ),
    ],
)
def test_mistakes_in_the_2021_file(tmp_path, old, new, expected):
    site, path = edited_2021(tmp_path, old, new)
    problems = real_problems(site)
    assert [m for *_, m in problems if m == expected] == [expected], problems
    line = next(ln for where, ln, m in problems if m == expected)
    assert line == line_of(path, new.strip().splitlines()[-1].strip())


def test_a_paper_of_2020_presented_in_2021(tmp_path):
    site = copy_project(tmp_path / "site")
    path = site / "2021" / "program" / "schedule.yaml"
    path.write_text(path.read_text().replace("paper: murana2021energy", "paper: rombach2020smartpred"))
    messages = [m for *_, m in real_problems(site)]
    assert (
        "paper 'rombach2020smartpred' is in LNCS 12321, not in 2021's proceedings (LNCS 12761, 'isc2021workshops'): "
        "is it in the right edition?"
    ) in messages


def test_one_person_spelled_two_ways_across_editions(tmp_path):
    site = copy_project(tmp_path / "site")
    path = site / "2021" / "program" / "schedule.yaml"
    path.write_text(path.read_text().replace("- {name: Sunna Torge,", "- {name: Sunna Törge,"))
    (where, line, message), *rest = [p for p in real_problems(site) if "spelled" in p[2]]
    assert rest == []
    assert where == "2021/program/schedule.yaml" and line == line_of(path, "Sunna Törge")
    assert message.startswith("'Sunna Törge' is spelled 'Sunna Torge' at ")
    assert "2020/program/schedule.yaml:" in message


# --- conf.py: the series ---------------------------------------------------------------------


def test_series_keys_missing_and_unknown(tmp_path):
    site = copy_project(tmp_path / "site")
    conf = site / "conf.py"
    conf.write_text(
        conf.read_text().replace('    "contact": "info@mlhpcs.org",\n', '    "email": "info@mlhpcs.org",\n')
    )
    messages = [m for *_, m in real_problems(site) if m.startswith("workshop_series")]
    assert messages == [
        "workshop_series: missing 'contact'",
        "workshop_series: unknown key 'email' (known: name, acronym, url, contact)",
    ]


def test_command_line_refuses_a_workshop_series_that_is_not_a_literal(tmp_path, capsys):
    site = copy_project(tmp_path / "site")
    conf = site / "conf.py"
    conf.write_text(conf.read_text().replace('"acronym": "MLHPCS",', '"acronym": "ML" + "HPCS",'))
    assert main(["check", str(site)]) == 1
    assert "cannot read workshop_series and bibtex_bibfiles as literals" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", "20x0", "'p' has year '20x0': write the four digits of one year, like 2021"),
        ("year", "2020/21", "'p' has year '2020/21': write the four digits of one year, like 2021"),
        ("pages", "30--12", "'p' has pages '30--12' that run backwards"),
        ("pages", "12-", "'p' has pages '12-': write a range like 223--234"),
        ("pages", "pp. 1-10", "'p' has pages 'pp. 1-10': write a range like 223--234"),
        ("doi", "doi:10.1/x", "'p' has a malformed DOI 'doi:10.1/x' (expected 10.NNNN/suffix, no URL)"),
    ],
)
def test_bib_values_no_reader_would_accept(tmp_path, field, value, message):
    from workshop.data.checks import bib_rules

    path = tmp_path / "references.bib"
    fields = {"author": "A, B", "title": "T", "booktitle": "B", "year": "2020", field: value}
    path.write_text("@inproceedings{p,\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items()) + "\n}\n")
    entries, problems = load_bib(path)
    assert problems == []
    assert [(p.line, p.message) for p in bib_rules(entries, "references.bib")] == [(1, message)]


def test_an_edition_in_a_folder_of_another_year(tmp_path):
    site = copy_project(tmp_path / "site")
    (site / "2021").rename(site / "2019")
    problems = real_problems(site)
    assert ("2019/program/schedule.yaml", 9, "the edition's year 2021 is not its folder's name, 2019/") in problems


def test_plain_words_are_shown_as_decoding_their_latex_would_show_them():
    """Fields of plain words skip LaTeX decoding (the time a large .bib takes
    to read): they must read exactly as decoded, and the rest is decoded."""
    from pybtex.database import parse_file

    from workshop.data.bib import AS_TYPED, latex_to_text, plain

    bib = parse_file(str(ROOT / "references.bib"))
    values = [v for e in bib.entries.values() for v in e.fields.values()]
    values += [str(p) for e in bib.entries.values() for people in e.persons.values() for p in people]
    values += ["Synthetic Paper 011 on Scaling", "a  b", " a", "a ", "x--y", "``q''", "a~b", "Caf{\\'e}", "50%"]
    skipped = [v for v in values if AS_TYPED.fullmatch(v)]
    assert len(skipped) > 10 and len(values) - len(skipped) > 10
    for value in values:
        assert plain(value) == latex_to_text(value), value
