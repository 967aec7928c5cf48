"""python -m workshop new-edition YEAR: a new edition's folder, from the
template kept in the project (edition_template/).

It writes only what is known: the year, the acronym (the series' acronym and
the year) and the pages' directives. Every fact still to be announced is a
commented line marked TO WRITE, and the edition is not published until its
dates, place and host are written (data/unpublished.py), so nothing is shown
as a fact before it is one.
"""

from __future__ import annotations

import string
from pathlib import Path

from .data.read_series import YEAR_FOLDER

TEMPLATE = Path(__file__).parent / "edition_template"
NOT_COPIED = {"README.md"}


def template_files() -> list[Path]:
    files = (p for p in TEMPLATE.rglob("*") if p.is_file())
    return sorted(p for p in files if p.relative_to(TEMPLATE).as_posix() not in NOT_COPIED)


def new_edition(srcdir: Path, year: str, series: dict) -> tuple[int, str]:
    """(exit status, what to tell the organizer)."""
    if not YEAR_FOLDER.match(year):
        return 1, f"'{year}' is not a year: write its four digits, like make edition YEAR=2030"
    if not all(isinstance(series.get(key), str) for key in ("acronym", "name")):
        return 1, "conf.py: workshop_series needs its 'name' and 'acronym' (make check-data says more)"
    folder = srcdir / year
    if folder.exists():
        return 1, (
            f"{year}/ already exists: make edition only starts a new edition. "
            f"To change {year}, edit {year}/program/schedule.yaml and its pages"
        )
    values = {"year": year, "acronym": f"{series['acronym']} {year}", "name": series["name"]}
    written = []
    for source in template_files():
        name = source.relative_to(TEMPLATE)
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(string.Template(source.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        written.append(name.as_posix())
    return 0, (
        f"Wrote {year}/: {', '.join(written)}.\n"
        f"{year}/ is not published until you write its start, end, timezone, status, format and host in "
        f"{year}/program/schedule.yaml (the lines marked TO WRITE). Then write the pages' own words "
        "(the lines starting with %), and make html. ORGANIZERS.md, 'Start a new edition', has every step."
    )
