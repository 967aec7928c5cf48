"""A strict Content-Security-Policy on every page, as a <meta http-equiv> tag
(static hosts such as GitHub Pages set no headers), and a `_headers` file for
hosts that read one (Netlify, Cloudflare Pages).

Nothing runs or styles a page unless it is a file of the site or an inline
block whose SHA-256 the page's policy names. The theme writes a few inline
blocks, one of them different on every page, so each page's policy is
computed from the page as written: at build-finished, for every page this
build wrote (written.py finds them in the output folder, so that pages
written by parallel processes are found too). Frames may load only from the
origins extensions name through the `csp-frame-sources` event (for example a
video player loaded on a click), and workers only from the sources they name
through `csp-worker-sources` (for example `'self'` for a service worker of the
site); none otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from .written import written_pages

INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.S)
INLINE_STYLE = re.compile(r"<style[^>]*>(?P<body>.*?)</style>", re.S)
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
NOT_RUN = ("src=", "application/ld+json", "application/json")  # files, and data blocks (CSP does not apply)


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(scripts: set[str], styles: set[str], frames: list[str], workers: list[str] = ()) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *sorted(scripts)]),
            " ".join(["style-src 'self'", *sorted(styles)]),
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            " ".join(["frame-src", *(frames or ["'none'"])]),
            " ".join(["worker-src", *(workers or ["'none'"])]),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def page_policy(html: str, frames: list[str], workers: list[str] = ()) -> str:
    scripts = {
        digest(m["body"]) for m in INLINE_SCRIPT.finditer(html) if not any(n in m["attributes"] for n in NOT_RUN)
    }
    styles = {digest(m["body"]) for m in INLINE_STYLE.finditer(html)}
    return policy(scripts, styles, frames, workers)


def with_policy(html: str, frames: list[str], workers: list[str] = ()) -> str:
    """The page with its policy first in <head>, before any script or style."""
    content = escape(page_policy(html, frames, workers), quote=False).replace('"', "&quot;")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return CHARSET.sub(lambda match: f"{match.group(0)}\n    {meta}", html, count=1)


#: Sent with every file by hosts that read `_headers`. The policy holds what
#: only a header can say (frame-ancestors) and repeats the rules that need no
#: hashes; each page's own policy, in its <meta>, names its inline blocks
#: (a browser enforces both). Short, because it travels with every file.
HEADERS = {
    "Content-Security-Policy": "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def frame_sources(app: Sphinx) -> list[str]:
    return sorted({origin for found in app.emit("csp-frame-sources") for origin in found})


def worker_sources(app: Sphinx) -> list[str]:
    return sorted({source for found in app.emit("csp-worker-sources") for source in found})


def add_policies(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished: every page without a policy gets its own; then `_headers`."""
    if exception is not None or app.builder.format != "html" or app.builder.name == "epub":
        return  # (an e-book is packed before this runs, and its reader sets its own policy)
    frames, workers = frame_sources(app), worker_sources(app)
    _, written = written_pages(app)
    for path in sorted(written):
        html = path.read_text(encoding="utf-8")
        if not META.search(html):
            path.write_text(with_policy(html, frames, workers), encoding="utf-8")
    headers = "/*\n" + "".join(f"  {name}: {value}\n" for name, value in HEADERS.items())
    (Path(app.outdir) / "_headers").write_text(headers, encoding="utf-8")
