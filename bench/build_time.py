"""Build times against a floor project: an empty Sphinx project with the same theme.

Three cases, median (min-max) of 5 runs each, for the site and the floor:
a clean build (output and doctrees removed), a rebuild with nothing changed,
and a rebuild after editing one page (the site's 2020/cfp.md, the floor's
index.md). The site is built as `make html` builds it: staged, then published
into _build/html in one step (scripts/build.py), which is part of its time.
Site and floor rounds alternate. Also prints how many documents each rebuild
read, and, for reference, the clean build of the floor's
configuration with 14 near-empty pages in the old site's shape. Target: a
no-change rebuild reads no document (exits 1 when missed). The ratios at this
size are reported, not targets: what organizers feel is scale (bench/scale.py).
Usage: .venv/bin/python bench/build_time.py [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402

FLOOR_CONF = 'project = "floor"\nextensions = ["myst_parser"]\nhtml_theme = "sphinx_book_theme"\n'


def shaped_floor(src: Path) -> None:
    """For reference only: the floor's configuration with 14 near-empty pages
    in the site's shape (two sections of five pages, two more, an orphan)."""
    src.mkdir(parents=True)
    (src / "conf.py").write_text(FLOOR_CONF)

    def page(name: str, title: str, children: list[str] = (), orphan: bool = False) -> None:
        toctree = "\n```{toctree}\n" + "\n".join(children) + "\n```\n" if children else ""
        front = "---\norphan: true\n---\n" if orphan else ""
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(f"{front}# {title}\n\nA paragraph of text on this page.\n{toctree}")

    page("index.md", "Home", ["program/index", "papers/index", "cfp", "committee"])
    for section in ("program", "papers"):
        page(f"{section}/index.md", section.title(), [f"p{n}" for n in range(4)])
        for n in range(4):
            page(f"{section}/p{n}.md", f"{section.title()} page {n}")
    page("cfp.md", "Call for papers")
    page("committee.md", "Committee")
    page("404.md", "Not found", orphan=True)


def build(src: Path, out: Path) -> tuple[float, int]:
    """The site as `make html` builds it (staged, then published in one step:
    the publishing is part of what organizers wait for); a floor with plain sphinx-build."""
    if (src / "_ext").is_dir():
        command = [sys.executable, str(ROOT / "scripts" / "build.py"), str(src), str(out)]
    else:
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(out / ".doctrees"), str(src), str(out)]
    start = time.perf_counter()
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "_ext"), "PATH": "/usr/bin:/bin"},
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(result.stderr)
    read = re.search(r"(\d+) added, (\d+) changed", result.stdout)
    return elapsed, (int(read.group(1)) + int(read.group(2))) if read else -1


def one_round(src: Path, page: Path) -> dict[str, tuple[float, int]]:
    out = src.parent / "out"
    shutil.rmtree(out, ignore_errors=True)
    clean = build(src, out)
    no_change = build(src, out)
    page.write_text(page.read_text() + "\nEdited.\n")
    return {"clean": clean, "no change": no_change, "one page edited": build(src, out)}


def rounds(site: Path, floor: Path, shaped: Path, runs: int) -> tuple[dict, dict, list[float]]:
    """Site and floor rounds alternate (with a clean build of the shaped floor),
    so that a slower minute of the machine weighs on both sides of each ratio."""
    ours: dict[str, list[tuple[float, int]]] = {"clean": [], "no change": [], "one page edited": []}
    base: dict[str, list[tuple[float, int]]] = {case: [] for case in ours}
    shaped_clean: list[float] = []
    for _ in range(runs):
        for results, (src, page) in ((ours, (site, site / "2020" / "cfp.md")), (base, (floor, floor / "index.md"))):
            for case, result in one_round(src, page).items():
                results[case].append(result)
        shutil.rmtree(shaped.parent / "out", ignore_errors=True)
        shaped_clean.append(build(shaped, shaped.parent / "out")[0])
    return ours, base, shaped_clean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = copy_project(Path(tmp) / "site" / "src")
        floor = Path(tmp) / "floor" / "src"
        floor.mkdir(parents=True)
        (floor / "conf.py").write_text(FLOOR_CONF)
        (floor / "index.md").write_text("# Floor\n\nAn empty page.\n")
        shaped = Path(tmp) / "shaped" / "src"
        shaped_floor(shaped)
        ours, base, shaped_clean = rounds(site, floor, shaped, args.runs)

    print(f"Build time, seconds, median (min-max) of {args.runs} runs, {sys.platform}")
    print(f"{'case':18} {'site':>20} {'floor':>20} {'ratio':>7} {'docs read (site)':>17}")
    ok = True
    for case in ours:
        mine = [t for t, _ in ours[case]]
        floors = [t for t, _ in base[case]]
        ratio = statistics.median(mine) / statistics.median(floors)
        docs = statistics.median(n for _, n in ours[case])
        print(
            f"{case:18} {statistics.median(mine):8.2f} ({min(mine):.2f}-{max(mine):.2f})"
            f" {statistics.median(floors):8.2f} ({min(floors):.2f}-{max(floors):.2f}) {ratio:7.2f} {docs:>17g}"
        )
        ok &= case != "no change" or docs == 0
    site_clean = statistics.median(t for t, _ in ours["clean"])
    print(
        f"For reference, the floor's configuration with 14 near-empty pages in the site's shape: clean build"
        f" {statistics.median(shaped_clean):.2f} s ({min(shaped_clean):.2f}-{max(shaped_clean):.2f});"
        f" the site takes {site_clean / statistics.median(shaped_clean):.2f}x that."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
