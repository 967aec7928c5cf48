"""The search's cost to a reader on a phone: the index's size, and how long
the first search takes, from opening the search page to the first result.

Serves _build/html with gzip on 127.0.0.1 and opens the search page in a
fresh Chromium context (empty cache) on a phone profile: Lighthouse's mobile
settings, a 375 px screen, a CPU slowed 4x and a 150 ms, 1.6 Mbit/s link.
Usage: .venv/bin/python bench/search.py [--runs 5]   (after `make html`)
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from browser import FLAGS, SiteServer  # noqa: E402

# The names and words readers look for: a person, a place written with an
# accent, a hyphenated word, a topic.
QUERIES = ["Soudry", "Julich", "hyper-parameter", "energy"]
# Lighthouse's mobile throttling (its "slow 4G" and a mid-range phone's CPU).
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4
# The files only the search page loads.
SEARCH_FILES = ["searchindex.js", "_static/searchtools.js", "_static/language_data.js", "_static/search-page.js"]


def sizes(site: Path) -> list[tuple[str, int, int]]:
    """(file, bytes, gzip bytes) of what the search page loads beyond a page."""
    found = []
    for name in SEARCH_FILES:
        data = (site / name).read_bytes()
        found.append((name, len(data), len(gzip.compress(data, 6))))
    return found


def first_search(browser, url: str, query: str) -> tuple[float, float, int]:
    """(ms to the first result, ms in Search.query, results) on a throttled phone."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", NETWORK)
    session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    # Time Search.query (index loaded, words stemmed, results ranked) as Sphinx calls it.
    page.add_init_script(
        "window.addEventListener('DOMContentLoaded', () => { const query = Search.query;"
        " Search.query = (q) => { const t = performance.now(); query(q);"
        " window.queryMs = performance.now() - t; }; }, { capture: true });"
    )
    if not query:  # the page alone, for comparison: its load event
        page.goto(f"{url}search.html", wait_until="load")
        loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        context.close()
        return loaded, 0.0, 0
    page.goto(f"{url}search.html?q={query}", wait_until="commit")
    page.locator("#search-results li a").first.wait_for(timeout=120_000)
    first_result = page.evaluate("performance.now()")
    query_ms = page.evaluate("window.queryMs || 0")
    count = page.evaluate("document.querySelectorAll('#search-results li').length")
    context.close()
    return first_result, query_ms, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    print("Search files (loaded by the search page only)")
    total = [0, 0]
    for name, raw, packed in sizes(args.site):
        print(f"  {name:30} {raw / 1024:8.1f} KiB  {packed / 1024:7.1f} KiB gzip")
        total = [total[0] + raw, total[1] + packed]
    print(f"  {'together':30} {total[0] / 1024:8.1f} KiB  {total[1] / 1024:7.1f} KiB gzip")
    print(f"\nFirst search on a phone (CPU {CPU_SLOWDOWN}x slower, 150 ms / 1.6 Mbit/s), {args.runs} runs, median")
    print(f"{'query':24} {'results':>7} {'to first result ms':>19} {'Search.query ms':>16}")
    with SiteServer(args.site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=FLAGS)
        for query in ["", *QUERIES]:
            runs = [first_search(browser, server.url, query) for _ in range(args.runs)]
            to_result = statistics.median(r[0] for r in runs)
            in_query = statistics.median(r[1] for r in runs)
            name = query or "(no query: page loaded)"
            print(f"{name:24} {runs[0][2]:7d} {to_result:19.0f} {in_query:16.1f}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
