"""Read references.bib, schedule.yaml, conf.py's event and the paper pages.

Each loader returns what it could read plus a list of `Problem`s that name
the file and line. Nothing here imports Sphinx, so `python -m workshop check`
and the build share one rule set.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pybtex.errors
import yaml
from pybtex.backends.plaintext import Backend as PlainText
from pybtex.database import BibliographyDataError, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from .model import KINDS, STATUSES, Event, Item, Paper, Person, Problem

ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*\{[ \t]*([^,\s]+)[ \t]*,", re.M)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL = re.compile(r"^https?://[^\s/]+\S*$")


def shown(path: Path | str) -> str:
    """A path as the organizer typed it: relative to where they stand."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# --- references.bib -------------------------------------------------------------


class BibEntry:
    """A parsed entry with where it stands in the file."""

    def __init__(self, entry: Entry, line: int, source: str):
        self.entry, self.line, self.source = entry, line, source


def entry_source(text: str, start: int) -> str:
    """The entry beginning at `start`, up to its matching closing brace."""
    depth = 0
    for pos in range(start, len(text)):
        char = text[pos]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start : pos + 1]
    return text[start:]


def load_bib(path: Path) -> tuple[dict[str, BibEntry], list[Problem]]:
    where = shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return {}, [Problem(where, 1, f"cannot read the bibliography: {error}")]

    problems: list[Problem] = []
    starts: dict[str, tuple[int, int]] = {}  # key -> (line, offset) of its first entry
    for match in ENTRY_START.finditer(text):
        if match.group(1).lower() in ("comment", "preamble", "string"):
            continue
        key, line = match.group(2), line_of(text, match.start())
        if key in starts:
            first = starts[key][0]
            problems.append(Problem(where, line, f"duplicate BibTeX key '{key}' (first used on line {first})"))
        else:
            starts[key] = (line, match.start())
    if problems:  # pybtex would stop at the first duplicate without a line
        return {}, problems

    strict = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)
    try:
        data = Parser().parse_string(text)
    except PybtexSyntaxError as error:
        message = re.sub(r"^syntax error in line \d+: ", "", str(error))
        return {}, [Problem(where, error.lineno, f"BibTeX syntax error: {message}")]
    except BibliographyDataError as error:
        return {}, [Problem(where, 1, f"BibTeX data error: {error}")]
    finally:
        pybtex.errors.set_strict_mode(strict)

    entries = {}
    for key, entry in data.entries.items():
        line, offset = starts.get(key, (1, 0))
        entries[key] = BibEntry(entry, line, entry_source(text, offset))
    return entries, problems


PLAIN_TEXT = PlainText()  # (render_as("text") looks the backend up in entry points, slowly, on every call)


def plain(latex: str) -> str:
    """BibTeX field text as a reader sees it: no braces, accents resolved."""
    return Text.from_latex(latex).render(PLAIN_TEXT)


def paper_from(key: str, bib: BibEntry) -> Paper:
    fields, persons = bib.entry.fields, bib.entry.persons

    def given_first(person) -> str:
        return plain(" ".join(person.first_names + person.middle_names + person.prelast_names + person.last_names))

    def family_first(person) -> str:
        given = " ".join(person.first_names + person.middle_names)
        family = " ".join(person.prelast_names + person.last_names)
        return plain(f"{family}, {given}" if given else family)

    def field(name: str) -> str | None:
        return plain(fields[name]) if name in fields else None

    authors = persons.get("author", [])
    return Paper(
        key=key,
        title=field("title") or "",
        authors=tuple(given_first(p) for p in authors),
        authors_bibtex=tuple(family_first(p) for p in authors),
        booktitle=field("booktitle") or "",
        series=field("series"),
        volume=field("volume"),
        year=field("year") or "",
        publisher=field("publisher"),
        isbn=field("isbn"),
        pages=fields.get("pages"),
        doi=fields.get("doi"),
        source=bib.source,
        line=bib.line,
    )


# --- schedule.yaml --------------------------------------------------------------


class Located(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 1
    lines: dict


class LineLoader(yaml.BaseLoader):
    """Every scalar stays a string (no YAML 1.1 surprises such as 14:30 == 870);
    every mapping knows its lines."""

    def construct_mapping(self, node, deep=False):
        mapping = Located(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        return mapping


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, LineLoader.construct_mapping)

ITEM_FIELDS = {
    "id",
    "kind",
    "status",
    "date",
    "title",
    "paper",
    "speakers",
    "start",
    "duration",
    "recording",
    "slides",
    "preprint",
    "where",
    "updated",
}
REQUIRED = ("id", "kind", "status", "date")


def load_schedule(path: Path, zone: ZoneInfo | None = None) -> tuple[list[Item], list[Problem], set[str]]:
    """The items that are correct, the problems, and every id and paper key the
    file names (also in broken items, so that they do not look missing too)."""
    where = shown(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)
    except OSError as error:
        return [], [Problem(where, 1, f"cannot read the schedule: {error}")], set()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return [], [Problem(where, line, f"YAML syntax error: {error.problem or error.context}")], set()
    if not isinstance(raw, list):
        return [], [Problem(where, 1, "the schedule must be a list of programme items")], set()

    items, problems, named = [], [], set()
    for entry in raw:
        if isinstance(entry, Located):
            named |= {entry[k] for k in ("id", "paper") if isinstance(entry.get(k), str)}
        item, found = item_from(entry, where, zone or ZoneInfo("UTC"))
        problems += found
        if item is not None:
            items.append(item)
    return items, problems, named


def item_from(raw, where: str, zone: ZoneInfo) -> tuple[Item | None, list[Problem]]:
    if not isinstance(raw, Located):
        return None, [Problem(where, 1, "each programme item must be a mapping of fields")]
    problems: list[Problem] = []

    def report(name: str | None, message: str) -> None:
        problems.append(Problem(where, raw.lines.get(name, raw.line), message))

    for name in raw:
        if name not in ITEM_FIELDS:
            report(name, f"unknown field '{name}' (known: {', '.join(sorted(ITEM_FIELDS))})")
    for name in REQUIRED:
        if name not in raw:
            report(None, f"item is missing the required field '{name}'")

    def text(name: str) -> str | None:
        value = raw.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            report(name, f"'{name}' must be a single value")
            return None
        return value.strip()

    item_id, kind, status = text("id"), text("kind"), text("status")
    if item_id is not None and not SLUG.match(item_id):
        report("id", f"id '{item_id}' must be lower-case words joined by hyphens")
    if kind is not None and kind not in KINDS:
        report("kind", f"unknown kind '{kind}' (one of: {', '.join(KINDS)})")
    if status is not None and status not in STATUSES:
        report("status", f"unknown status '{status}' (one of: {', '.join(STATUSES)})")

    date = start = duration = updated = None
    start_tba = (text("start") or "").upper() == "TBA"
    if (value := text("date")) is not None:
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            report("date", f"date '{value}' is not a date like 2020-06-25")
    if (value := text("start")) is not None and value.upper() != "TBA":
        try:
            start = dt.time.fromisoformat(value)
            if len(value) != 5:
                raise ValueError
        except ValueError:
            report("start", f"start '{value}' is not a time like 14:30 (or TBA)")
    if (value := text("duration")) is not None:
        if not value.isdigit() or int(value) <= 0:
            report("duration", f"duration '{value}' must be a positive number of minutes")
        else:
            duration = int(value)
    if (value := text("updated")) is not None:
        try:
            updated = dt.datetime.fromisoformat(value)
            updated = updated if updated.tzinfo else updated.replace(tzinfo=zone)
        except ValueError:
            report("updated", f"updated '{value}' is not a date or date-time like 2020-06-14T10:00")
    if start is not None and duration is None and "duration" not in raw:
        report("start", "an item with a start time needs a duration in minutes")

    title, paper = text("title"), text("paper")
    if kind == "paper-talk":
        if paper is None:
            report(None, "a paper-talk needs 'paper': the BibTeX key of its paper")
        if title is not None:
            report("title", "a paper-talk takes its title from references.bib: remove 'title'")
    elif kind in KINDS:
        if title is None:
            report(None, f"a {kind} needs a 'title'")
        if paper is not None:
            report("paper", "only a paper-talk names a 'paper'")

    speakers = []
    raw_speakers = raw.get("speakers", [])
    if not isinstance(raw_speakers, list):
        report("speakers", "'speakers' must be a list of name/affiliation pairs")
        raw_speakers = []
    for person in raw_speakers:
        if not isinstance(person, Located) or set(person) != {"name", "affiliation"}:
            line = person.line if isinstance(person, Located) else raw.lines.get("speakers", raw.line)
            problems.append(Problem(where, line, "each speaker needs exactly 'name' and 'affiliation'"))
            continue
        speakers.append(Person(person["name"].strip(), person["affiliation"].strip()))
    if kind in ("invited-talk", "paper-talk") and not speakers and "speakers" not in raw:
        report(None, f"a {kind} needs 'speakers'")

    links = {}
    for name in ("recording", "slides", "preprint"):
        value = text(name)
        if value is not None and not URL.match(value):
            report(name, f"{name} '{value}' is not an http(s) URL")
            value = None
        links[name] = value

    if problems:
        return None, problems
    return Item(
        id=item_id,
        kind=kind,
        status=status,
        date=date,
        line=raw.line,
        title=title,
        paper=paper,
        speakers=tuple(speakers),
        start=start,
        start_tba=start_tba,
        duration=duration,
        where=text("where"),
        updated=updated,
        **links,
    ), []


# --- conf.py: workshop_event ------------------------------------------------------

EVENT_FIELDS = {
    "name",
    "acronym",
    "start",
    "end",
    "timezone",
    "status",
    "url",
    "contact",
    "host_event",
    "host_url",
    "proceedings",
}
EVENT_STATUSES = ("EventScheduled", "EventMovedOnline", "EventPostponed", "EventRescheduled", "EventCancelled")


def event_lines(conf_path: Path) -> tuple[dict, dict[str, int], int]:
    """`workshop_event` as literally written in conf.py, with each key's line."""
    tree = ast.parse(conf_path.read_text(encoding="utf-8"), filename=str(conf_path))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(getattr(t, "id", None) == "workshop_event" for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            lines = {k.value: k.lineno for k in node.value.keys if isinstance(k, ast.Constant)}
            return ast.literal_eval(node.value), lines, node.lineno
    return {}, {}, 1


def load_event(values: dict, conf_path: Path) -> tuple[Event | None, list[Problem]]:
    where = shown(conf_path)
    try:
        _, lines, first = event_lines(conf_path)
    except (OSError, SyntaxError, ValueError):
        lines, first = {}, 1
    problems: list[Problem] = []

    def report(name: str | None, message: str) -> None:
        problems.append(Problem(where, lines.get(name, first), f"workshop_event: {message}"))

    for name in sorted(EVENT_FIELDS - set(values)):
        report(None, f"missing '{name}'")
    for name in sorted(set(values) - EVENT_FIELDS):
        report(name, f"unknown key '{name}'")
    dates = {}
    for name in ("start", "end"):
        try:
            dates[name] = dt.date.fromisoformat(str(values.get(name)))
        except ValueError:
            if name in values:
                report(name, f"{name} '{values[name]}' is not a date like 2020-06-20")
    zone = values.get("timezone")
    if zone is not None:
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            report("timezone", f"time zone '{zone}' is not an IANA name such as Europe/Berlin")
    if "status" in values and values["status"] not in EVENT_STATUSES:
        report("status", f"status '{values['status']}' is not one of {', '.join(EVENT_STATUSES)}")
    url = str(values.get("url", ""))
    if "url" in values and not (URL.match(url) and url.endswith("/")):
        report("url", f"url '{url}' must be an http(s) URL ending in '/'")
    if problems:
        return None, problems
    return Event(**{**values, **dates}), []


# --- pages that show a paper or a talk ----------------------------------------------


def directive_pattern(name: str) -> re.Pattern:
    return re.compile(r"^[ \t]*(?:`{3,}|:{3,})[ \t]*\{" + re.escape(name) + r"\}[ \t]*(\S*)", re.M)


def find_pages(srcdir: Path, folder: str, directive: str) -> tuple[dict[str, tuple[str, int]], list[Problem]]:
    """Which page under `folder` shows what: argument -> (docname, line)."""
    pattern = directive_pattern(directive)
    pages: dict[str, tuple[str, int]] = {}
    problems = []
    for path in sorted((srcdir / folder).glob("*.md")):
        text = path.read_text(encoding="utf-8")
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
