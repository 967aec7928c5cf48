"""Every internal link and anchor of the built site resolves (an offline crawl;
`make linkcheck` checks the external ones when online)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from browser import SITE_PATH, site_pages

ids_cache: dict[Path, set[str]] = {}


def ids_of(path: Path) -> set[str]:
    if path not in ids_cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        ids_cache[path] = {tag["id"] for tag in soup.select("[id]")} | {a["name"] for a in soup.select("a[name]")}
    return ids_cache[path]


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    checked = 0
    for page in site_pages(site):
        path = site / page
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("[href], [src]"):
            target = tag.get("href") or tag.get("src")
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("mailto:", "javascript:")):
                continue
            checked += 1
            if parts.path.startswith("/"):  # absolute, as on the 404 page: the site lives under SITE_PATH
                assert parts.path.startswith(SITE_PATH), f"{page}: {target} is outside {SITE_PATH}"
                file = (site / unquote(parts.path[len(SITE_PATH) :])).resolve()
            elif page == "404.html" and parts.path:  # served at any depth: relative links break
                broken.append(f"{page}: {target} (relative on the 404 page)")
                continue
            else:
                file = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{page}: {target} (no file)")
            elif parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in ids_of(file):
                broken.append(f"{page}: {target} (no anchor)")
    assert broken == []
    assert checked > 300
