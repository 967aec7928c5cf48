"""python -m workshop check [SOURCE_DIR]

Checks conf.py's workshop_event, references.bib, the schedule and the paper
and talk pages without building; prints ``path:line: message`` per mistake
and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from .checks import load_workshop
from .load import event_lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop", description=__doc__.splitlines()[2])
    parser.add_argument("command", choices=["check"])
    parser.add_argument("source", nargs="?", default=".", help="the folder with conf.py (default: .)")
    args = parser.parse_args(argv)

    srcdir = Path(args.source)
    conf_path = srcdir / "conf.py"
    try:
        values, _, _ = event_lines(conf_path)
    except (OSError, SyntaxError, ValueError) as error:
        print(f"{conf_path}:1: cannot read workshop_event as a literal dict: {error}", file=sys.stderr)
        return 1
    settings = settings_of(conf_path)
    _, problems = load_workshop(
        srcdir,
        values,
        conf_path,
        settings["bibtex_bibfiles"][0],
        settings["workshop_schedule"],
        settings["workshop_papers_dir"],
        settings["workshop_program_dir"],
    )
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{srcdir / 'conf.py'}: workshop data OK", file=sys.stderr)
    return 1 if problems else 0


def settings_of(conf_path: Path) -> dict:
    """The data locations as conf.py sets them (defaults as in setup())."""

    settings = {
        "bibtex_bibfiles": ["references.bib"],
        "workshop_schedule": "program/schedule.yaml",
        "workshop_papers_dir": "papers",
        "workshop_program_dir": "program",
    }
    for node in ast.parse(conf_path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = getattr(node.targets[0], "id", None)
            if name in settings:
                settings[name] = ast.literal_eval(node.value)
    return settings


if __name__ == "__main__":
    sys.exit(main())
