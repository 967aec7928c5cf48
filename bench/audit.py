"""What each replacement of another library's internals saves at conference
scale. For each one, a copy of the site with 200 synthetic papers is built
with that one change turned off (in the copy only),
against the copy with everything on; rounds alternate. Prints the clean build
and the one-page edit, and each one's share of a clean build.
Usage: .venv/bin/python bench/audit.py [--papers 200] [--runs 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from scale import YEAR, build, synthetic_edition  # noqa: E402

from conftest import copy_project  # noqa: E402

#: The file under _ext/ and the line that turns each one on.
REPLACEMENTS = {
    "garbage collected less often (process-wide thresholds)": (
        "lean_book_theme/__init__.py",
        "speedups.collect_garbage_less_often(app)",
    ),
}


def variant(base: Path, name: str, change: tuple[str, str] | None) -> Path:
    target = base / name / "src"
    shutil.copytree(base / "all" / "src", target)
    if change is not None:
        path, line = change
        module = target / "_ext" / path
        text = module.read_text()
        assert line in text, line
        off = "CAN_FORK = False" if line.startswith("CAN_FORK") else "pass"
        module.write_text(text.replace(line, f"{off}  # (off for the audit)"))
    return target


def measure(src: Path) -> tuple[float, float]:
    out = src.parent / "out"
    shutil.rmtree(out, ignore_errors=True)
    clean = build(src, out)[0]
    page = src / YEAR / "papers" / "synthetic007.md"
    page.write_text(page.read_text() + "\nEdited.\n")
    return clean, build(src, out)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=200)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        synthetic_edition(copy_project(base / "all" / "src"), args.papers)
        sources = {"everything on": variant(base, "on", None)}
        for n, (name, line) in enumerate(REPLACEMENTS.items()):
            sources[name] = variant(base, f"v{n}", line)
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in sources}
        for _ in range(args.runs):
            for name, src in sources.items():
                results[name].append(measure(src))
    on_clean = statistics.median(c for c, _ in results["everything on"])
    on_edit = statistics.median(e for _, e in results["everything on"])
    print(f"{args.papers} synthetic papers, median of {args.runs} alternating rounds, seconds")
    print(f"{'':84} {'clean':>7} {'edit':>6} {'saves (clean)':>14} {'saves (edit)':>13}")
    for name, runs in results.items():
        clean = statistics.median(c for c, _ in runs)
        edit = statistics.median(e for _, e in runs)
        saves = "" if name == "everything on" else f"{(clean - on_clean) / clean:13.1%} {(edit - on_edit) / edit:13.1%}"
        print(f"{name if name == 'everything on' else 'without ' + name:84} {clean:7.2f} {edit:6.2f} {saves}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
