"""Lighthouse 12.2.3 scores, mobile and desktop, median of 5 runs per page.

Serves _build/html with gzip on 127.0.0.1 and runs node_modules' lighthouse
against Debian's Chromium. Targets: performance >= 99, the others 100.
Usage: .venv/bin/python bench/lighthouse.py [--runs 5]   (after `make html`, `npm ci`)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import FLAGS, SiteServer  # noqa: E402

PAGES = [
    "index.html",
    "2021/index.html",
    "2021/program/index.html",
    "2021/papers/ho2021msm.html",
    "2021/papers/bibliography.html",
    "2020/papers/rombach2020smartpred.html",
    "people.html",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 99, "accessibility": 100, "best-practices": 100, "seo": 100}


def run(url: str, form: str, chromium: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(ROOT / "node_modules" / ".bin" / "lighthouse"),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-path={chromium}",
            f"--chrome-flags={' '.join(FLAGS)}",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        if form == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True)
        data = json.loads(report.read_text())
    return {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    print(
        f"Lighthouse, median (min-max) of {args.runs} runs; targets: "
        + ", ".join(f"{k} {v}" for k, v in TARGETS.items())
    )
    print(f"{'page':36} {'form':8} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    missed = False
    with SiteServer(args.site) as server:
        for page in PAGES:
            for form in ("mobile", "desktop"):
                runs = [run(server.url + page, form, args.chromium) for _ in range(args.runs)]
                cells = []
                for name in CATEGORIES:
                    scores = [r[name] for r in runs]
                    median = statistics.median(scores)
                    missed |= median < TARGETS[name]
                    cells.append(f"{median:>5g} ({min(scores)}-{max(scores)})".rjust(15))
                print(f"{page:36} {form:8} " + " ".join(cells), flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
