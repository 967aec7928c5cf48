"""python -m workshop check [SOURCE_DIR] | new-edition YEAR [SOURCE_DIR]

check: checks conf.py's workshop_series, references.bib, every edition's programme
file (against the published schema) and the paper and talk pages without
building; prints ``path:line: message`` per mistake and exits 1 if there is any.
A change that an edition's lock file does not record yet is said at its line:
a note on the organizer's machine (`make html` records it), a mistake with
--locked (`make check-data` passes it in CI, where the build would stop at it).
new-edition: writes the folder of a new edition from the project's template
(new_edition.py), and says what is still to be written.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from .data import held_news, lock_file, timeline, unpublished, version_rules
from .data.files import shown
from .data.pipeline import load_workshop
from .data.read_series import edition_files, series_lines
from .new_edition import new_edition


def main(argv: list[str] | None = None) -> int:
    about = "Check the series' data, or start a new edition."
    parser = argparse.ArgumentParser(prog="python -m workshop", description=about)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check the data, without building")
    check.add_argument("source", nargs="?", default=".", help="the folder with conf.py (default: .)")
    check.add_argument("--locked", action="store_true", help="a change the lock files do not record is a mistake")
    new = commands.add_parser("new-edition", help="write a new edition's folder from the template")
    new.add_argument("year", help="the new edition's year, e.g. 2030")
    new.add_argument("source", nargs="?", default=".", help="the folder with conf.py (default: .)")
    args = parser.parse_args(argv)

    srcdir = Path(args.source)
    conf_path = srcdir / "conf.py"
    try:
        values, _, _ = series_lines(conf_path)
        bibfile = bibfile_of(conf_path)
    except (OSError, SyntaxError, ValueError) as error:
        print(f"{conf_path}:1: cannot read workshop_series and bibtex_bibfiles as literals: {error}", file=sys.stderr)
        return 1
    if args.command == "new-edition":
        status, message = new_edition(srcdir, args.year, values)
        print(message, file=sys.stderr if status else sys.stdout)
        return status
    workshop, problems = load_workshop(srcdir, values, conf_path, bibfile, locked=args.locked)
    for path in edition_files(srcdir)[0]:
        if unpublished.is_unpublished(path):
            print(unpublished.note(path), file=sys.stderr)
    for problem in problems:
        print(problem)
    for location, note in held_news.notes(workshop, timeline.build_time()) if workshop else []:
        print(f"{location}: {note}", file=sys.stderr)  # (not a mistake: published on its day)
    for edition in workshop.editions if workshop else []:
        lock = shown(lock_file.lock_path(srcdir / edition.source))
        for change in version_rules.unrecorded_rules(edition, edition.published, lock):
            print(f"{change.path}:{change.line}: note: {change.message}", file=sys.stderr)
    if not problems:
        print("conf.py: workshop data OK", file=sys.stderr)
    return 1 if problems else 0


def bibfile_of(conf_path: Path) -> str:
    """The first of conf.py's bibtex_bibfiles: the series' bibliography."""
    for node in ast.parse(conf_path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            if getattr(node.targets[0], "id", None) == "bibtex_bibfiles":
                return ast.literal_eval(node.value)[0]
    return "references.bib"


if __name__ == "__main__":
    sys.exit(main())
