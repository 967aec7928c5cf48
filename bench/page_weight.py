"""Transfer per page on a first visit, compressed as a static host serves it.

Serves _build/html with gzip on 127.0.0.1, opens each page in a fresh
Chromium context (empty cache) and adds up the bytes on the wire.
Usage: .venv/bin/python bench/page_weight.py [--runs 5]   (after `make html`)
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from browser import FLAGS, SiteServer  # noqa: E402

PAGES = [
    "index.html",
    "2020/program/index.html",
    "2020/papers/rombach2020smartpred.html",
    "2021/program/index.html",
    "2021/papers/ho2021msm.html",
    "people.html",
]
BUDGET_KIB = 150


def measure(browser, url: str) -> tuple[int, int, dict[str, int]]:
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(url, wait_until="networkidle")
    sizes = {}
    for request in responses:
        measured = request.sizes()
        sizes[request.url] = measured["responseBodySize"] + measured["responseHeadersSize"]
    context.close()
    return sum(sizes.values()), len(sizes), sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--detail", action="store_true", help="list every request of the last run")
    args = parser.parse_args()

    print(f"First-visit transfer, gzip, {args.runs} runs (budget {BUDGET_KIB} KiB)")
    print(f"{'page':40} {'requests':>8} {'median KiB':>11} {'min':>7} {'max':>7}  budget")
    over = False
    with SiteServer(args.site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=FLAGS)
        for page in PAGES:
            runs = [measure(browser, server.url + page) for _ in range(args.runs)]
            kib = [total / 1024 for total, _, _ in runs]
            ok = statistics.median(kib) <= BUDGET_KIB
            over |= not ok
            print(
                f"{page:40} {runs[-1][1]:>8} {statistics.median(kib):>11.1f} {min(kib):>7.1f} {max(kib):>7.1f}"
                f"  {'ok' if ok else 'OVER'}"
            )
            if args.detail:
                for url, size in sorted(runs[-1][2].items(), key=lambda kv: -kv[1]):
                    print(f"    {size / 1024:8.1f} KiB  {url.removeprefix(server.url)}")
        browser.close()
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
