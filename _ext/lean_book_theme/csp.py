"""A strict Content-Security-Policy on every page, as a <meta http-equiv> tag
(static hosts such as GitHub Pages set no headers), and a `_headers` file for
hosts that read one (Netlify, Cloudflare Pages).

Nothing runs or styles a page unless it is a file of the site or an inline
block whose SHA-256 the page's policy names. The theme writes a few inline
blocks, one of them different on every page, so each page's policy is
computed from the page as written: at build-finished, for every page without
one, which is every page this build wrote (found in the output folder, so
that pages written by parallel processes are found too). Frames may load only from the origins extensions name through
the `csp-frame-sources` event (for example a video player loaded on a click).
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from pathlib import Path

from sphinx.application import Sphinx

INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.S)
INLINE_STYLE = re.compile(r"<style[^>]*>(?P<body>.*?)</style>", re.S)
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
HASH = re.compile(r"'sha256-[A-Za-z0-9+/=]+'")
NOT_RUN = ("src=", "application/ld+json", "application/json")  # files, and data blocks (CSP does not apply)


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(scripts: set[str], styles: set[str], frames: list[str]) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *sorted(scripts)]),
            " ".join(["style-src 'self'", *sorted(styles)]),
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            " ".join(["frame-src", *(frames or ["'none'"])]),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def page_policy(html: str, frames: list[str]) -> str:
    scripts = {
        digest(m["body"]) for m in INLINE_SCRIPT.finditer(html) if not any(n in m["attributes"] for n in NOT_RUN)
    }
    styles = {digest(m["body"]) for m in INLINE_STYLE.finditer(html)}
    return policy(scripts, styles, frames)


def with_policy(html: str, frames: list[str]) -> str:
    """The page with its policy first in <head>, before any script or style."""
    content = escape(page_policy(html, frames), quote=False).replace('"', "&quot;")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return CHARSET.sub(lambda match: f"{match.group(0)}\n    {meta}", html, count=1)


def pages(outdir: Path) -> list[Path]:
    return sorted(p for p in outdir.rglob("*.html") if p.relative_to(outdir).parts[0] not in ("_static", "_sources"))


def frame_sources(app: Sphinx) -> list[str]:
    return sorted({origin for found in app.emit("csp-frame-sources") for origin in found})


def add_policies(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished: every page without a policy gets its own;
    `_headers` gets one policy that allows what any page allows."""
    if exception is not None or app.builder.format != "html":
        return
    frames = frame_sources(app)
    scripts, styles = set(), set()
    for path in pages(Path(app.outdir)):
        html = path.read_text(encoding="utf-8")
        if not META.search(html):
            html = with_policy(html, frames)
            path.write_text(html, encoding="utf-8")
        match = META.search(html)
        if match:
            directives = dict(d.strip().split(" ", 1) for d in match.group(1).split(";"))
            scripts |= set(HASH.findall(directives["script-src"]))
            styles |= set(HASH.findall(directives["style-src"]))
    everything = policy(scripts, styles, frames)
    headers = (
        "/*\n"
        f"  Content-Security-Policy: {everything}; frame-ancestors 'self'\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
    )
    (Path(app.outdir) / "_headers").write_text(headers, encoding="utf-8")
