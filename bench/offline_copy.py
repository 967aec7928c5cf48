"""The offline copy of each edition: what it holds, its size, and what it costs after a first visit.

Reads each edition's list (<year>/offline.json, written by the build) and
adds up its files as stored (what the browser keeps) and as a static host
sends them (gzip for text). Then, in Chromium, opens each edition's home with
an empty cache, as a first visit, and waits until the copy is complete: the
page's own transfer (the first-visit weight, which the copy must not add to)
and the copy's transfer (the service worker's requests, after the page has
loaded) are counted apart.
Usage: .venv/bin/python bench/offline_copy.py   (after `make html`)
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from browser import FLAGS, SiteServer  # noqa: E402

BUDGET_KIB = 1024  # stored, per edition (README)
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".ico")
COPY_READY = """async (listUrl) => {
  const list = await (await fetch(listUrl, {cache: "no-store"})).json();
  for (const name of await caches.keys()) {
    if (name.endsWith(`: ${list.edition} ${list.version}`) && (await (await caches.open(name)).match(listUrl))) {
      return true;
    }
  }
  return false;
}"""


def sizes(site: Path, files: list[str]) -> tuple[int, int]:
    """(stored, sent) bytes of the listed files."""
    stored = sent = 0
    for name in files:
        content = (site / name.split("?")[0]).read_bytes()
        stored += len(content)
        sent += len(gzip.compress(content, 6)) if name.split("?")[0].endswith(COMPRESSED) else len(content)
    return stored, sent


def on_the_wire(request) -> int:
    measured = request.sizes()
    return measured["responseBodySize"] + measured["responseHeadersSize"]


def first_visit_and_copy(browser, url: str, list_url: str) -> tuple[float, float, int, float]:
    """(page KiB, copy KiB, copy requests, seconds until the copy was complete) of a first visit."""
    context = browser.new_context()
    visit, copy = [], []
    context.on("requestfinished", lambda r: copy.append(r) if r.service_worker is not None else None)
    page = context.new_page()
    page.on("requestfinished", lambda r: visit.append(r) if len(copy) == 0 else None)  # (until the copy starts)
    started = time.monotonic()
    page.goto(url, wait_until="networkidle")  # (as bench/page_weight.py measures a first visit)
    visit_kib = sum(on_the_wire(r) for r in list(visit)) / 1024
    while not page.evaluate(COPY_READY, list_url):
        if time.monotonic() - started > 120:
            raise SystemExit(f"no complete copy after 120 s: {url}")
        time.sleep(0.1)
    seconds = time.monotonic() - started
    copy_kib = sum(on_the_wire(r) for r in list(copy)) / 1024
    context.close()
    return visit_kib, copy_kib, len(copy), seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    lists = sorted(args.site.glob("[12][0-9][0-9][0-9]/offline.json"))
    if not lists:
        print(f"no offline lists in {args.site} (workshop_offline off, or no build)")
        return 1
    print(f"Offline copy per edition (budget {BUDGET_KIB} KiB stored)")
    print(f"{'edition':8} {'files':>6} {'pages':>6} {'stored KiB':>11} {'gzip KiB':>9}  budget")
    over = False
    for path in lists:
        kept = json.loads(path.read_text(encoding="utf-8"))
        stored, sent = sizes(args.site, kept["files"])
        pages = sum(1 for f in kept["files"] if f.endswith(".html"))
        ok = stored / 1024 <= BUDGET_KIB
        over |= not ok
        print(
            f"{kept['edition']:8} {len(kept['files']):>6} {pages:>6} {stored / 1024:>11.1f} {sent / 1024:>9.1f}"
            f"  {'ok' if ok else 'OVER'}"
        )

    print("\nFirst visit to an edition's home, empty cache: the page, then the copy after load (KiB on the wire)")
    print(f"{'page':24} {'page KiB':>9} {'copy KiB':>9} {'requests':>9} {'complete after s':>17}")
    with SiteServer(args.site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=FLAGS)
        for path in lists:
            edition = path.parent.name
            visit, copy, requests, seconds = first_visit_and_copy(
                browser, f"{server.url}{edition}/index.html", f"{server.url}{edition}/offline.json"
            )
            print(f"{edition + '/index.html':24} {visit:>9.1f} {copy:>9.1f} {requests:>9} {seconds:>17.1f}")
        browser.close()
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
