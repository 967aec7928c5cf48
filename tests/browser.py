"""Helpers for the browser tests: find Chromium, serve the built site on 127.0.0.1."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import sys
import threading
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# The screens the tests read the site on: a phone and a laptop.
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
#: The site is published at https://mlhpcs.org/: tests serve it under the same path.
SITE_PATH = "/"


def chromium_path() -> str:
    """$CHROMIUM, or Debian's chromium; outside CI a missing browser skips, in CI it fails."""
    for candidate in [os.environ.get("CHROMIUM"), *CANDIDATES, shutil.which("chromium")]:
        if candidate and Path(candidate).is_file():
            return candidate
    message = "no Chromium found: set CHROMIUM or `apt-get install chromium`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def node_module(name: str) -> Path:
    """A package installed by `npm ci`; outside CI a missing one skips, in CI it fails."""
    path = Path(__file__).resolve().parent.parent / "node_modules" / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: run `npm ci`")
        pytest.skip(f"{path} is missing: run `npm ci` (needs Node) to enable this check")
    return path


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does: under its path, gzip for text,
    404.html (with status 404) for anything that does not exist, and the
    headers of the site's `_headers` file (as Netlify or Cloudflare Pages do)."""

    COMPRESS = (".html", ".css", ".js", ".json", ".xml", ".ics", ".bib", ".svg", ".txt", ".map")

    def __init__(self, *args, root: Path, prefix: str, **kwargs):
        self.root, self.prefix = root, prefix
        super().__init__(*args, directory=str(root), **kwargs)

    def log_message(self, *args) -> None:
        pass

    def file_for(self, url_path: str) -> Path | None:
        path = urlsplit(url_path).path
        if not path.startswith(self.prefix):
            return None
        target = (self.root / path[len(self.prefix) :]).resolve()
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() and self.root.resolve() in target.parents else None

    def send_head(self):
        target = self.file_for(self.path)
        status = 200
        if target is None:
            target, status = self.root / "404.html", 404
        body = target.read_bytes()
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and target.suffix in self.COMPRESS
        if compress:
            body = gzip.compress(body, 6)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(target)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        for name, value in site_headers(self.root):
            self.send_header(name, value)
        self.end_headers()
        return BytesIO(body)


@functools.cache
def site_headers(root: Path) -> list[tuple[str, str]]:
    """The `/*` rule of `_headers` (the only rule the site writes)."""
    path = root / "_headers"
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "/*", lines[0]
    return [tuple(part.strip() for part in line.split(":", 1)) for line in lines[1:] if line.strip()]


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closed a connection it no longer needed (a context
        closed while a file was sent) is no error of the site's: not printed."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class SiteServer:
    def __init__(self, root: Path, prefix: str = SITE_PATH):
        handler = functools.partial(StaticHostHandler, root=Path(root), prefix=prefix)
        self.httpd = QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def site_pages(root: Path) -> list[str]:
    """Every page of the built site, found by walking it (an .html file under
    _static/, such as a theme's Jinja fragment, is not a page)."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if not p.relative_to(root).as_posix().startswith(("_static/", "_sources/"))
    )


#: Every page's first visit (empty cache) transfers at most this much, compressed
#: as a static host serves it, on a phone and on a desktop.
PAGE_BUDGET_KIB = 64
KINDS = {".html": "page", ".css": "css", ".js": "js", ".ico": "icon"}
KINDS |= dict.fromkeys((".webp", ".avif", ".png", ".jpg", ".svg"), "image")


def first_visit(browser, url: str, **context) -> dict[str, int]:
    """Bytes on the wire (headers and compressed body) of each request of a
    page opened in a fresh context, with an empty cache."""
    opened = browser.new_context(**context)
    page = opened.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    sizes = {}
    for request in finished:
        measured = request.sizes()
        sizes[request.url] = measured["responseBodySize"] + measured["responseHeadersSize"]
    opened.close()
    return sizes


def by_kind(sizes: dict[str, int]) -> dict[str, int]:
    """Bytes by kind of file: page, css, js, image, icon, other."""
    kinds: dict[str, int] = {}
    for url, size in sizes.items():
        path = urlsplit(url).path
        kind = "page" if path.endswith("/") else KINDS.get(Path(path).suffix, "other")
        kinds[kind] = kinds.get(kind, 0) + size
    return kinds
