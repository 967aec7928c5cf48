"""conf.py's `workshop_series`, the editions' folders, and which page shows which paper or talk."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .editions import Series
from .files import EDITION_FILE, directive_pattern, line_of, read_text, shown
from .problems import Problem

URL = re.compile(r"^https?://[^\s/]+\S*$")

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
