"""The workshop extension's architecture as a Mermaid picture, drawn from its real imports (grimp).

Each package is a box listing its modules; an arrow is a direction the imports take, with how many
module-to-module imports take it; then a table of every module and its subject. CONTRIBUTING.md holds
both, and a test keeps them the same. Usage: .venv/bin/python scripts/architecture.py [--write]
(--write: replaces them in CONTRIBUTING.md; without it, prints them)
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pages", "exports", "data")  # the layers, top to bottom
TOP = "workshop"  # setup(), the build's data (sources) and `python -m workshop`


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in PACKAGES else TOP


def picture() -> str:
    sys.path.insert(0, str(ROOT / "_ext"))
    graph = grimp.build_graph("workshop", cache_dir=None)
    modules = sorted(m for m in graph.modules if m not in {f"workshop.{p}" for p in PACKAGES})
    arrows: Counter = Counter()
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            here, there = package_of(module), package_of(imported)
            if here != there and imported not in {f"workshop.{p}" for p in PACKAGES}:
                arrows[here, there] += 1
    lines = ["```mermaid", "flowchart TD"]
    for package in (TOP, *PACKAGES):
        names = ["__init__" if m == "workshop" else m.rsplit(".", 1)[1] for m in modules if package_of(m) == package]
        lines.append(f'    {package}["<b>{package}/</b><br>{"<br>".join(names)}"]')
    for (here, there), count in sorted(arrows.items()):
        lines.append(f"    {here} -->|{count}| {there}")
    lines.append("```")
    return "\n".join(lines) + "\n"


def subjects() -> dict[str, str]:
    """Each module of the extensions (`workshop/data/when.py`) and its docstring's first paragraph: its subject."""
    found = {}
    for path in sorted((ROOT / "_ext").rglob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first_paragraph = docstring.strip().split("\n\n")[0]
        found[path.relative_to(ROOT / "_ext").as_posix()] = " ".join(first_paragraph.split()).replace("|", "\\|")
    return found


def table() -> str:
    """Every module, its subject and its size in lines (the sizes as of the last time the table was pasted)."""
    rows = ["| module | its subject (its docstring's first paragraph) | lines |", "|---|---|---|"]
    for module, subject in subjects().items():
        lines = len((ROOT / "_ext" / module).read_text(encoding="utf-8").splitlines())
        rows.append(f"| `{module}` | {subject} | {lines} |")
    return "\n".join(rows) + "\n"


def write_into(guide: Path) -> None:
    text = guide.read_text(encoding="utf-8")
    text = re.sub(r"```mermaid\n.*?```\n", lambda _: picture(), text, count=1, flags=re.S)
    text = re.sub(r"\| module \| its subject.*?\n(?=\n)", lambda _: table(), text, count=1, flags=re.S)
    guide.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write_into(ROOT / "CONTRIBUTING.md")
    else:
        sys.stdout.write(picture() + "\n" + table())
