"""An edition's lock file, `<year>/program/versions.yaml`: what it has published, read and written.

Written by the build, never by hand, and committed with the change it
records, as package-lock.json is: plain YAML in a fixed order, one line per
field, so that a diff shows which item moved and which SEQUENCE grew.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from .files import shown
from .problems import Problem
from .published import Change, Mark, Published, Version

#: Beside the edition's file it records.
LOCK_FILE = "program/versions.yaml"

HEADER = """\
# What {acronym} has published: every version of its programme and important
# dates, and the last recorded state of each item and date with its calendar
# SEQUENCE. Written by `make html`, never by hand: commit it with the change of
# schedule.yaml it records (CONTRIBUTING.md, "Versions: every change reaches
# subscribers"). A build in CI refuses to publish a change this file does not hold.
"""


def lock_path(edition_file: Path) -> Path:
    """`edition_file`: <year>/program/schedule.yaml."""
    return edition_file.parent.parent / LOCK_FILE


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def value(raw) -> str | tuple[str, ...] | None:
    return tuple(raw) if isinstance(raw, list) else raw


def mark_from(raw: dict) -> Mark:
    state = tuple((name, value(v)) for name, v in raw["state"].items())
    return Mark(int(raw["sequence"]), when(raw["modified"]) if raw.get("modified") else None, state)


def read(path: Path) -> tuple[Published | None, list[Problem]]:
    """None where there is no lock file yet."""
    if not path.is_file():
        return None, []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        versions = tuple(
            Version(
                str(v["version"]),
                when(v["recorded"]),
                tuple(
                    Change(c["subject"], c["id"], c["field"], value(c.get("was")), value(c["now"]))
                    for c in v.get("changes", ())
                ),  # fmt: skip
            )
            for v in raw["versions"]
        )
        items = tuple((key, mark_from(m)) for key, m in (raw.get("items") or {}).items())
        dates = tuple((key, mark_from(m)) for key, m in (raw.get("dates") or {}).items())
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 1
        detail = getattr(error, "problem", None) or f"{error.__class__.__name__}: {error}"  # (YAML's, in one line)
        return None, [
            Problem(
                shown(path),
                line,
                f"this lock file cannot be read ({detail}): it is written by the build, "
                "never by hand; take it back from git (git checkout -- this file), then build again",
            )
        ]
    return Published(versions, items, dates), []


def plain(value_: str | tuple[str, ...] | None):
    return list(value_) if isinstance(value_, tuple) else value_


def marks(pairs: tuple[tuple[str, Mark], ...]) -> dict:
    return {
        key: {
            "sequence": mark.sequence,
            "modified": mark.modified.isoformat() if mark.modified else None,
            "state": {name: plain(v) for name, v in mark.state if v},  # (what is empty, left out)
        }
        for key, mark in pairs
    }


def text(acronym: str, published: Published) -> str:
    versions = []
    for version in published.versions:
        entry = {"version": version.name, "recorded": version.recorded.isoformat()}
        if version.changes:
            entry["changes"] = [
                {"subject": c.subject, "id": c.id, "field": c.field, "was": plain(c.was), "now": plain(c.now)}
                for c in version.changes
            ]
        versions.append(entry)
    document = {"versions": versions, "items": marks(published.items), "dates": marks(published.dates)}
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    return HEADER.format(acronym=acronym) + body


def write(path: Path, acronym: str, published: Published) -> None:
    """In one step (a new file renamed over the old), so that a killed build never leaves half a record."""
    fresh = path.with_suffix(".yaml.new")
    fresh.write_text(text(acronym, published), encoding="utf-8")
    fresh.replace(path)
