"""Reading the organizers' files: as UTF-8, with the line of what is wrong,
and named as the organizer sees them in the project."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .problems import Problem

#: Where an edition's facts and programme live, inside the folder named after its year.
EDITION_FILE = "program/schedule.yaml"


def shown(path: Path | str) -> str:
    """A path as the organizer sees it in the project: from the folder that
    holds conf.py (2022/program/schedule.yaml), wherever the command ran; a
    file outside any project, relative to where they stand."""
    absolute = Path(path).resolve()
    for folder in absolute.parents:
        if (folder / "conf.py").is_file():
            return absolute.relative_to(folder).as_posix()
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def read_text(path: Path, what: str) -> tuple[str | None, Problem | None]:
    """The file as UTF-8, or the problem that names the line of the first bad byte."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, Problem(shown(path), 1, f"cannot read the {what}: {error.strerror}")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, Problem(
            shown(path), line, f"the {what} is not UTF-8 (byte {data[error.start]:#04x}): save it as UTF-8"
        )


def directive_pattern(name: str) -> re.Pattern:
    """A MyST directive's opening line, with its argument."""
    return re.compile(r"^[ \t]*(?:`{3,}|:{3,})[ \t]*\{" + re.escape(name) + r"\}[ \t]*(\S*)", re.M)
