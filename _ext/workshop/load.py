"""Read the editions' programme files, conf.py's series and the pages
(references.bib: bib.py).

Each loader returns what it could read plus a list of `Problem`s that name
the file and line. Types, enums and formats of a programme file are checked
by the published JSON Schema (edition.schema.json); `checks` keeps the rules
a schema cannot state. Nothing here imports Sphinx, so `python -m workshop
check` and the build share one rule set.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jsonschema
import yaml

from .files import directive_pattern, line_of, read_text, shown
from .model import (
    END_OF_DAY,
    UNANNOUNCED,
    Announcement,
    Change,
    Committees,
    Edition,
    Host,
    Item,
    KeyDate,
    Moment,
    OnlinePlace,
    Person,
    Problem,
    Series,
    Venue,
)

URL = re.compile(r"^https?://[^\s/]+\S*$")
SCHEMA_FILE = Path(__file__).with_name("edition.schema.json")
#: Where an edition's facts and programme live, inside the folder named after its year.
EDITION_FILE = "program/schedule.yaml"


# --- an edition's programme file ----------------------------------------------------


class Located(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 1
    lines: dict


class LocatedList(list):
    line: int = 1
    lines: list


class LineLoader(yaml.BaseLoader):
    """YAML 1.2's core types only (as editors read the file: 14:30 is text, not
    870; 2021-07-02 is text, checked by the schema), every node knowing its
    line, and a key given twice in one mapping noted instead of dropped."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str, int]] = []  # (line, key, first line)

    def construct_mapping(self, node, deep=False):
        mapping = Located(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.lines = {}
        for key, _ in node.value:
            line = key.start_mark.line + 1
            if key.value in mapping.lines:
                self.duplicates.append((line, key.value, mapping.lines[key.value]))
            else:
                mapping.lines[key.value] = line
        return mapping

    def construct_sequence(self, node, deep=False):
        sequence = LocatedList(super().construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1
        sequence.lines = [child.start_mark.line + 1 for child in node.value]
        return sequence


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, LineLoader.construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, LineLoader.construct_sequence)
for tag, pattern, first, build in (
    ("int", r"^[-+]?[0-9]+$", "-+0123456789", int),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF", lambda v: v.lower() == "true"),
    ("null", r"^(?:~|null|Null|NULL)$", "~nN", lambda v: None),
):
    LineLoader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))
    LineLoader.add_constructor(f"tag:yaml.org,2002:{tag}", lambda loader, node, build=build: build(node.value))


@functools.cache
def edition_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def line_at(document, path) -> int:
    """The line of the node at a JSON path (keys and list indexes)."""
    node, line = document, getattr(document, "line", 1)
    for step in path:
        if isinstance(node, Located) and step in node:
            line, node = node.lines.get(step, node.line), node[step]
        elif isinstance(node, LocatedList) and isinstance(step, int) and step < len(node):
            line, node = node.lines[step], node[step]
        else:
            break
        line = getattr(node, "line", line)
    return line


def schema_message(error: jsonschema.ValidationError) -> tuple[list, str]:
    """(path of the node to point at, message naming the field and what it allows)."""
    path = list(error.absolute_path)
    name = next((str(s) for s in reversed(path) if isinstance(s, str)), "the file")
    value, schema = error.instance, error.schema if isinstance(error.schema, dict) else {}
    if "errorMessage" in schema:
        return path, (f"{name} {schema['errorMessage']}" if error.validator == "anyOf" else schema["errorMessage"])
    if error.validator == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message).group(1)
        return path, f"missing the required field '{missing}'"
    if error.validator == "additionalProperties":
        known = ", ".join(sorted(schema.get("properties", {})))
        unknown = sorted(set(value) - set(schema.get("properties", {})))
        return [*path, unknown[0]], f"unknown field '{unknown[0]}' (known: {known})"
    if error.validator == "enum":
        return path, f"{name} '{value}' is not one of: {', '.join(error.validator_value)}"
    if error.validator in ("pattern", "format") and isinstance(value, str):
        return path, f"{name} '{value}' {schema.get('patternErrorMessage', 'is not valid')}"
    if error.validator == "type":
        wanted = {"string": "text (in quotes if it looks like a number)", "array": "a list", "object": "a mapping"}
        kind = error.validator_value
        return path, f"{name} must be {wanted.get(kind, 'a ' + str(kind))}"
    if error.validator in ("minimum", "maximum", "minItems", "minLength"):
        return path, f"{name} {error.message.split(' is ', 1)[-1]}"
    return path, f"{name}: {error.message}"


def schema_problems(document, where: str) -> list[Problem]:
    problems = {}  # (a date like 2021-06-31 fails its pattern and its format: said once)
    for error in edition_validator().iter_errors(document):
        path, message = schema_message(error)
        problems.setdefault(Problem(where, line_at(document, path), message))
    return list(problems)


def load_edition(path: Path) -> tuple[Edition | None, list[Problem], set[str]]:
    """The edition if its file is right, the problems, and every id and paper
    key the file names (also in broken items, so that they do not look missing too)."""
    where = shown(path)
    text, problem = read_text(path, "programme file")
    if problem:
        return None, [problem], set()
    loader = LineLoader(text)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(where, line, f"YAML syntax error: {error.problem or error.context}")], set()
    finally:
        loader.dispose()
    problems = [
        Problem(where, line, f"'{key}' is given twice in this mapping (first on line {first}): keep one")
        for line, key, first in loader.duplicates
    ]
    if not isinstance(document, Located):
        return None, [*problems, Problem(where, 1, "the file must be a mapping with 'edition' and 'items'")], set()
    items = document.get("items") if isinstance(document.get("items"), list) else []
    named = {entry[k] for entry in items if isinstance(entry, Located) for k in ("id", "paper") if k in entry}
    problems += schema_problems(document, where)
    if problems:
        return None, problems, {str(n) for n in named}
    return edition_from(document, where), [], named


def person_from(raw: Located) -> Person:
    other = raw.get("distinct_from", [])
    distinct = tuple(n.strip() for n in ([other] if isinstance(other, str) else other))
    return Person(raw["name"].strip(), raw["affiliation"].strip(), raw.get("presenter", False), raw.line, distinct)


def date_of(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def edition_from(document: Located, where: str) -> Edition:
    """A document that passed the schema, as records."""
    facts, committees = document["edition"], document.get("committees", {})
    year = facts["year"]
    zone = facts["timezone"]
    host = facts["host"]
    return Edition(
        year=year,
        acronym=facts["acronym"].strip(),
        start=date_of(facts["start"]),
        end=date_of(facts["end"]),
        timezone=zone,
        status=facts["status"],
        format=facts["format"].strip(),
        host=Host(
            host["name"].strip(),
            host["short"].strip(),
            host["url"],
            date_of(host.get("start")),
            date_of(host.get("end")),
            host.get("note"),
        ),
        proceedings=facts["proceedings"].strip() if "proceedings" in facts else None,
        source=where,
        notice=facts.get("notice"),
        venue=Venue(**{k: v.strip() for k, v in facts["venue"].items()}) if "venue" in facts else None,
        online=OnlinePlace(**facts["online"]) if "online" in facts else None,
        committees=Committees(
            organizing=tuple(person_from(p) for p in committees.get("organizing", [])),
            programme=tuple(person_from(p) for p in committees.get("programme", [])),
            programme_includes_organizing=committees.get("programme_includes_organizing", False),
        ),
        items=tuple(item_from(raw, year, zone_or_utc(zone)) for raw in document.get("items", [])),
        dates=tuple(key_date_from(raw, year) for raw in document.get("dates", [])),
        announcements=tuple(announcement_from(raw, year) for raw in document.get("announcements", [])),
        lines={**facts.lines, **{f"host.{k}": line for k, line in host.lines.items()}},
    )


def zone_or_utc(name: str) -> ZoneInfo:
    """(An unknown zone is reported by the checks; the items are still read.)"""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def item_from(raw: Located, year: int, zone: ZoneInfo) -> Item:
    start = raw.get("start")
    duration = raw.get("duration")
    updated = raw.get("updated")
    return Item(
        id=raw["id"],
        kind=raw["kind"],
        status=raw["status"],
        date=date_of(raw["date"]),
        line=raw.line,
        year=year,
        title=raw["title"].strip() if "title" in raw else None,
        paper=raw.get("paper"),
        speakers=tuple(person_from(p) for p in raw.get("speakers", [])),
        start=dt.time.fromisoformat(start) if start and start != "TBA" else None,
        start_tba=start == "TBA",
        duration=None if duration in (None, UNANNOUNCED) else duration,
        recording=raw.get("recording"),
        slides=raw.get("slides"),
        preprint=raw.get("preprint"),
        where=raw.get("where"),
        room=raw["room"].strip() if "room" in raw else None,
        updated=dt.datetime.fromisoformat(updated).replace(tzinfo=zone) if updated else None,
        lines=raw.lines,
    )


# --- important dates and announcements ------------------------------------------------


def moment_from(raw) -> Moment:
    time = raw.get("time")
    end_of_day = time == END_OF_DAY
    clock = (
        dt.time(23, 59, 59) if end_of_day else dt.time.fromisoformat(time) if time else None
    )  # (end of day: its last second)
    return Moment(dt.date.fromisoformat(raw["date"]), clock, raw.get("zone"), end_of_day)


def key_date_from(raw, year: int) -> KeyDate:
    return KeyDate(
        id=raw["id"],
        title=raw["title"].strip(),
        kind=raw.get("kind", "deadline"),
        moment=moment_from(raw),
        line=raw.line,
        year=year,
        note=raw["note"].strip() if "note" in raw else None,
        history=tuple(
            Change(moment_from(old), dt.date.fromisoformat(old["changed"]), old.line) for old in raw.get("history", [])
        ),
        lines=dict(raw.lines),
    )


def announcement_from(raw, year: int) -> Announcement:
    page = raw.get("page")
    return Announcement(
        id=raw["id"],
        date=dt.date.fromisoformat(raw["date"]),
        title=raw["title"].strip(),
        text=raw["text"].strip(),
        line=raw.line,
        year=year,
        page=f"{year}/{page.removesuffix('.md')}" if page else None,
        lines=dict(raw.lines),
    )


# --- conf.py: workshop_series ------------------------------------------------------

SERIES_FIELDS = ("name", "acronym", "url", "contact")


def series_lines(conf_path: Path) -> tuple[dict, dict[str, int], int]:
    """`workshop_series` as literally written in conf.py, with each key's line."""
    tree = ast.parse(conf_path.read_text(encoding="utf-8"), filename=str(conf_path))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(getattr(t, "id", None) == "workshop_series" for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            lines = {k.value: k.lineno for k in node.value.keys if isinstance(k, ast.Constant)}
            return ast.literal_eval(node.value), lines, node.lineno
    return {}, {}, 1


def load_series(values: dict, conf_path: Path) -> tuple[Series | None, list[Problem]]:
    where = shown(conf_path)
    try:
        _, lines, first = series_lines(conf_path)
    except (OSError, SyntaxError, ValueError):
        lines, first = {}, 1
    problems: list[Problem] = []

    def report(name: str | None, message: str) -> None:
        problems.append(Problem(where, lines.get(name, first), f"workshop_series: {message}"))

    for name in SERIES_FIELDS:
        if name not in values:
            report(None, f"missing '{name}'")
    for name in sorted(set(values) - set(SERIES_FIELDS)):
        report(name, f"unknown key '{name}' (known: {', '.join(SERIES_FIELDS)})")
    url = str(values.get("url", ""))
    if "url" in values and not (URL.match(url) and url.endswith("/")):
        report("url", f"url '{url}' must be an http(s) URL ending in '/'")
    if problems:
        return None, problems
    return Series(**{k: str(values[k]) for k in SERIES_FIELDS}), []


# --- editions' folders and the pages that show a paper or a talk ------------------------

YEAR_FOLDER = re.compile(r"^[12][0-9]{3}$")


def edition_files(srcdir: Path) -> tuple[list[Path], list[Problem]]:
    """`<year>/program/schedule.yaml` of every folder named after a year."""
    files, problems = [], []
    for folder in sorted(p for p in srcdir.iterdir() if p.is_dir() and YEAR_FOLDER.match(p.name)):
        path = folder / EDITION_FILE
        if path.is_file():
            files.append(path)
        else:
            first = min(folder.rglob("*.md"), default=folder)
            problems.append(Problem(shown(first), 1, f"edition folder {folder.name}/ has no {EDITION_FILE}"))
    return files, problems


def find_pages(srcdir: Path, folders: list[str], directive: str) -> tuple[dict[str, tuple[str, int]], list[Problem]]:
    """Which page in `folders` shows what: argument -> (docname, line)."""
    pattern = directive_pattern(directive)
    pages: dict[str, tuple[str, int]] = {}
    problems = []
    for path in sorted(p for folder in folders for p in (srcdir / folder).glob("*.md")):
        text, problem = read_text(path, "page")
        if problem:
            problems.append(problem)
            continue
        for match in pattern.finditer(text):
            name, line = match.group(1), line_of(text, match.start())
            docname = path.relative_to(srcdir).with_suffix("").as_posix()
            if not name:
                problems.append(Problem(shown(path), line, f"the {directive} directive needs an argument"))
            elif name in pages:
                problems.append(Problem(shown(path), line, f"'{name}' already has a page: {pages[name][0]}.md"))
            else:
                pages[name] = (docname, line)
    return pages, problems
