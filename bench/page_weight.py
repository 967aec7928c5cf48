"""Transfer per page on a first visit, compressed as a static host serves it, by kind of file.

Serves _build/html with gzip on 127.0.0.1, opens every page in a fresh
Chromium context (empty cache) on a 375 px phone and a desktop, and adds up
the bytes on the wire: the page, its CSS, JS, images and icon. The budget is
the tests' (tests/browser.py: PAGE_BUDGET_KIB).
Usage: .venv/bin/python bench/page_weight.py [--runs 3] [--detail]   (after `make html`)
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from browser import FLAGS, PAGE_BUDGET_KIB, SiteServer, by_kind, first_visit, site_pages  # noqa: E402

SCREENS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
KIND_COLUMNS = ["page", "css", "js", "image", "icon", "other"]


def measure(browser, url: str) -> tuple[int, int, dict[str, int]]:
    """One first visit on a desktop: bytes, requests, and bytes by URL (bench/scale.py uses it)."""
    sizes = first_visit(browser, url, viewport=SCREENS["desktop"])
    return sum(sizes.values()), len(sizes), sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--detail", action="store_true", help="list every request of the heaviest page's last run")
    args = parser.parse_args()

    print(f"First-visit transfer, gzip, KiB, median of {args.runs} runs (budget {PAGE_BUDGET_KIB} KiB a page)")
    header = f"{'page':46} {'screen':7} {'req':>3} {'total':>6}" + "".join(f" {k:>6}" for k in KIND_COLUMNS)
    print(header + "  budget")
    over, heaviest = False, (0.0, "", {})
    with SiteServer(args.site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=FLAGS)
        for page in site_pages(args.site):
            for screen, viewport in SCREENS.items():
                runs = [first_visit(browser, server.url + page, viewport=viewport) for _ in range(args.runs)]
                total = statistics.median(sum(r.values()) for r in runs) / 1024
                kinds = by_kind(runs[-1])
                ok = total <= PAGE_BUDGET_KIB
                over |= not ok
                heaviest = max(heaviest, (total, f"{page} ({screen})", runs[-1]), key=lambda h: h[0])
                print(
                    f"{page:46} {screen:7} {len(runs[-1]):>3} {total:>6.1f}"
                    + "".join(f" {kinds.get(k, 0) / 1024:>6.1f}" for k in KIND_COLUMNS)
                    + f"  {'ok' if ok else 'OVER'}"
                )
        browser.close()
    print(f"heaviest: {heaviest[1]}, {heaviest[0]:.1f} KiB")
    if args.detail:
        for url, size in sorted(heaviest[2].items(), key=lambda kv: -kv[1]):
            print(f"    {size / 1024:8.1f} KiB  {url.removeprefix(server.url)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
