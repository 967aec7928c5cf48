"""Helpers for the browser tests: find Chromium, serve the built site on 127.0.0.1."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import threading
from io import BytesIO
from pathlib import Path

import pytest

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]


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


class QuietGzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as a static host does, gzip-compressing text."""

    COMPRESS = (".html", ".css", ".js", ".json", ".xml", ".ics", ".bib", ".svg", ".txt", ".map")

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in self.COMPRESS and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)


class SiteServer:
    def __init__(self, root: Path):
        handler = functools.partial(QuietGzipHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def site_pages(root: Path) -> list[str]:
    """Every page of the built site, found by walking it (the theme's Jinja
    fragments under _static/ are not pages)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if not p.relative_to(root).as_posix().startswith(("_static/", "_sources/")))
