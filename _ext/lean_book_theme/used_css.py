"""The theme's stylesheets reduced, after each build, to the rules the built pages use.

pydata-sphinx-theme's stylesheet holds all of Bootstrap and a style for every
component the theme offers (300 KiB, 45 KiB compressed on every first visit);
a site uses a small part of it. After the build, every page in the output
folder is read, and each stylesheet is reduced to the rules some page uses
(css_rules.py; css_selectors.py decides whether a selector matches). The
reduction runs on all the pages of the output folder on every build, so a page
with a component no page had before brings its rules with it, and a rule no
page uses any more goes. What it found is kept for the next build: a page that
did not change is not parsed again, and when every selector matches as before,
the full sheets are not parsed again either.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path

import lxml.html
from sphinx.application import Sphinx
from sphinx.util import logging

from .csp import pages
from .css_rules import reduce_stylesheets
from .css_selectors import MARKER, VARIABLE, Page, Site, page_tokens, script_vocabulary

logger = logging.getLogger(__name__)

#: The theme's stylesheets (Bootstrap and pydata-sphinx-theme, sphinx-book-theme, Sphinx's
#: basic.css, this extension's icons). The site's own are small and written for it.
THEME_STYLESHEETS = [
    "_static/styles/pydata-sphinx-theme.css",
    "_static/styles/sphinx-book-theme.css",
    "_static/basic.css",
    "_static/icons.css",
]


#: This extension's fixes to the theme's styles, appended to the last reduced sheet.
FIXES = Path(__file__).parent / "static" / "lean-book-theme.css"


def reduce_theme_stylesheets(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished, on every page of the output folder (written by this
    build or an earlier one)."""
    if exception is not None or app.builder.format != "html" or app.builder.name == "epub":
        return
    outdir = Path(app.outdir)
    keep_in = Path(app.doctreedir) / "full-stylesheets"
    fixes = {THEME_STYLESHEETS[1]: FIXES.read_text(encoding="utf-8")}
    sizes = reduce_site(outdir, pages(outdir), THEME_STYLESHEETS, keep_in, fixes)
    for sheet, (before, after) in sizes.items():
        logger.info(f"{sheet}: {before / 1024:.1f} KiB reduced to the rules pages use, {after / 1024:.1f} KiB")


SCRIPT_SRC = re.compile(r'<script[^>]*\bsrc="([^"?]+)')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
STYLESHEET = re.compile(r'<link[^>]*\bhref="([^"?]+\.css)')
# What this module and csp.py write after Sphinx (a link's "?v=" or "?digest="
# becomes the reduced sheet's; the policy): no change of the page.
WRITTEN_AFTER = re.compile(r'\?(?:digest|v)=[0-9a-f]+|\n\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def what_may_read_them(htmls: dict[Path, str], reduced: set[str]) -> tuple[tuple[set, set, set], set[str]]:
    """What the scripts may set (from every page's scripts), and the custom
    properties that something beside the sheets being `reduced` reads: the
    pages, their scripts and their other stylesheets."""
    # (sets of strings: a thousand pages hold the same few scripts and name the same few files)
    scripts, addresses = set(), set()
    for path, html in htmls.items():
        scripts.update(INLINE_SCRIPT.findall(html))
        folder = os.path.dirname(path)
        addresses |= {(folder, address) for address in SCRIPT_SRC.findall(html) + STYLESHEET.findall(html)}
    # (normpath, not resolve(): the output folder has no links)
    files = {os.path.normpath(os.path.join(folder, address)) for folder, address in addresses}
    read = set(VARIABLE.findall("\n".join(htmls.values())))
    for file in sorted(f for f in files - reduced if os.path.isfile(f)):
        text = Path(file).read_text(encoding="utf-8", errors="replace")
        read |= set(VARIABLE.findall(text))
        if file.endswith(".js"):
            scripts.add(text)
    return script_vocabulary(scripts), read


def parsed(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_text(encoding="utf-8"))


def built_pages(outdir: Path, htmls: dict[Path, str], last: dict[str, list]) -> tuple[list[Page], dict[str, list]]:
    """Every page, parsed now when it changed since the `last` build (its digest
    differs), else with the tokens found in it then. Returns the pages and
    what to remember of them: {name: [digest, tokens]}."""
    result, remembered = [], {}
    for path, html in htmls.items():
        name = path.relative_to(outdir).as_posix()
        digest = hashlib.sha256(WRITTEN_AFTER.sub("", html).encode()).hexdigest()
        if name in last and last[name][0] == digest:
            page = Page(name, set(last[name][1]), functools.partial(parsed, path), changed=False)
        else:
            tree = lxml.html.document_fromstring(html)
            page = Page(name, page_tokens(tree), lambda tree=tree: tree)
        result.append(page)
        remembered[name] = [digest, sorted(page.tokens)]
    return result, remembered


def reduce_site(
    outdir: Path, pages: list[Path], stylesheets: list[str], keep_in: Path, appended: dict[str, str] | None = None
) -> dict[str, tuple[int, int]]:
    """Reduce each of `stylesheets` (paths in `outdir`) and point every page's
    link at the reduced file's digest. The full sheets are kept in `keep_in`
    (a build that did not copy them again reduces the kept one); `appended`:
    text added to a reduced sheet as it is.

    What each page holds and which page matched each selector are kept there
    too: while the full sheets and what the scripts may set stay the same, a
    page that did not change is not parsed again, and a selector is tried
    again only on the pages that may change its verdict (Site.witness). The
    result is the same as a reduction from nothing.
    Returns {sheet: (bytes before, after)}."""
    present = [s for s in stylesheets if (outdir / s).is_file()]
    if not present or not pages:
        return {}
    full = {}
    keep_in.mkdir(parents=True, exist_ok=True)
    for sheet in present:
        css = (outdir / sheet).read_text(encoding="utf-8")
        kept = keep_in / sheet.replace("/", "__")
        if css.startswith(MARKER):
            css = kept.read_text(encoding="utf-8")
        else:
            kept.write_text(css, encoding="utf-8")
        full[sheet] = css
    htmls = {path: path.read_text(encoding="utf-8") for path in pages}
    (words, ids, tags), read = what_may_read_them(htmls, {os.path.normpath(outdir / s) for s in present})
    key = hashlib.sha256(json.dumps([list(full.values()), sorted(words), sorted(ids), sorted(tags)]).encode())
    memory = keep_in / "verdicts.json"
    last = json.loads(memory.read_text(encoding="utf-8")) if memory.is_file() else {}
    if last.get("key") != key.hexdigest():  # other sheets or scripts: nothing is known
        last = {}
    built, remembered = built_pages(outdir, htmls, last.get("pages", {}))
    site = Site(built, words, ids, tags, before=last.get("verdicts", {}))
    if last.get("read") == sorted(read) and site.matches_as_before(last.get("forms", {})):
        reduced = last["reduced"]  # (parsing the full sheets again would give the same rules)
    else:
        reduced = dict(zip(present, reduce_stylesheets(list(full.values()), site, read), strict=True))
    remember = {"pages": remembered, "verdicts": site.verdicts, "forms": site.forms, "read": sorted(read)}
    memory.write_text(json.dumps({"key": key.hexdigest(), **remember, "reduced": reduced}), encoding="utf-8")
    reduced = {sheet: css + (appended or {}).get(sheet, "") for sheet, css in reduced.items()}
    sizes = {sheet: (len(full[sheet].encode()), len(reduced[sheet].encode())) for sheet in present}
    for sheet, css in reduced.items():
        (outdir / sheet).write_text(css, encoding="utf-8")
    point_links_at_digests(htmls, {s: hashlib.sha256(c.encode()).hexdigest()[:20] for s, c in reduced.items()})
    return sizes


def point_links_at_digests(htmls: dict[Path, str], digests: dict[str, str]) -> None:
    """Each link to a reduced sheet names its content's digest, so that a browser
    that kept the last build's file fetches the new one."""
    link = re.compile("(" + "|".join(map(re.escape, digests)) + ')(\\?[^"]*)?"')
    for path, html in htmls.items():
        new = link.sub(lambda m: f'{m[1]}?digest={digests[m[1]]}"', html)
        if new != html:
            path.write_text(new, encoding="utf-8")
