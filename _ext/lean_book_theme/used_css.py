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
import posixpath
import re
from pathlib import Path

import lxml.html
from sphinx.application import Sphinx
from sphinx.util import logging

from .css_rules import reduce_stylesheets
from .css_selectors import MARKER, VARIABLE, Page, Site, page_tokens, script_vocabulary
from .written import written_pages

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
    keep_in = Path(app.doctreedir) / "full-stylesheets"
    fixes = {THEME_STYLESHEETS[1]: FIXES.read_text(encoding="utf-8")}
    every, written = written_pages(app)
    sizes = reduce_site(Path(app.outdir), every, written, THEME_STYLESHEETS, keep_in, fixes)
    for sheet, (before, after) in sizes.items():
        logger.info(f"{sheet}: {before / 1024:.1f} KiB reduced to the rules pages use, {after / 1024:.1f} KiB")


SCRIPT_SRC = re.compile(r'<script[^>]*\bsrc="([^"?]+)')
# (a data block, such as a page's JSON-LD, is not run: its strings set nothing)
INLINE_SCRIPT = re.compile(r'<script(?![^>]*\b(?:src=|type="application/(?:ld\+)?json"))[^>]*>(.*?)</script>', re.S)
STYLESHEET = re.compile(r'<link[^>]*\bhref="([^"?]+\.css)')
# What this module and csp.py write after Sphinx (a link's "?v=" or "?digest="
# becomes the reduced sheet's; the policy): no change of the page.
WRITTEN_AFTER = re.compile(r'\?(?:digest|v)=[0-9a-f]+|\n\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


# Scripts that are data: Sphinx's search index (`Search.setIndex({...})`) holds
# every word and title of the pages, and sets nothing. Read as a script, a new
# word on any page made every selector's verdict unknown (the reduction from
# nothing: 8 s at 1,000 papers).
DATA_SCRIPTS = {"searchindex.js"}

#: What reduce_site keeps for the next build is in this form (another is not read).
MEMORY_FORMAT = 3


def facts_of(name: str, html: str, tree: lxml.html.HtmlElement, digest: str) -> dict:
    """What the reduction needs of a page: its tokens, what its inline scripts
    may set (class and attribute names, ids, elements), the scripts and
    stylesheets it loads (from the site's root), the custom properties it reads."""
    folder = posixpath.dirname(name)
    addresses = SCRIPT_SRC.findall(html) + STYLESHEET.findall(html)
    return {
        "digest": digest,
        "tokens": sorted(page_tokens(tree)),
        "sets": [sorted(found) for found in script_vocabulary(INLINE_SCRIPT.findall(html))],
        "files": sorted({posixpath.normpath(posixpath.join(folder, address)) for address in addresses}),
        "read": sorted(set(VARIABLE.findall(html))),
    }


def parsed(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_text(encoding="utf-8"))


def site_pages(outdir: Path, every: list[Path], written: set[Path], known: dict[str, dict]) -> tuple:
    """Every page, with what the last build `known` of it unless this build
    wrote it and changed its content (then it is parsed now). Returns the
    pages, what to remember of them ({name: facts}), and the text of those read."""
    result, facts, htmls = [], {}, {}
    for path in every:
        name = path.relative_to(outdir).as_posix()
        facts[name] = known.get(name)
        parse, changed = functools.partial(parsed, path), False
        if path in written or facts[name] is None:
            htmls[path] = html = path.read_text(encoding="utf-8")
            digest = hashlib.sha256(WRITTEN_AFTER.sub("", html).encode()).hexdigest()
            if facts[name] is None or facts[name]["digest"] != digest:
                tree = lxml.html.document_fromstring(html)
                facts[name] = facts_of(name, html, tree, digest)
                parse, changed = (lambda tree=tree: tree), True
        result.append(Page(name, set(facts[name]["tokens"]), parse, changed))
    return result, facts, htmls


def what_may_read_them(outdir: Path, facts: dict[str, dict], reduced: list[str]) -> tuple[tuple, set[str]]:
    """What the scripts may set (from every page's scripts), and the custom
    properties that something beside the sheets being `reduced` reads: the
    pages, their scripts and their other stylesheets."""
    # (sets of strings: a thousand pages name the same few files)
    files = {file for page in facts.values() for file in page["files"]}
    read = {name for page in facts.values() for name in page["read"]}
    scripts = []
    for file in sorted(files - set(reduced) - DATA_SCRIPTS):
        if (outdir / file).is_file():
            text = (outdir / file).read_text(encoding="utf-8", errors="replace")
            read |= set(VARIABLE.findall(text))
            if file.endswith(".js"):
                scripts.append(text)
    words, ids, tags = script_vocabulary(scripts)
    for page in facts.values():  # (what the page's own scripts may set, found when it was parsed)
        words.update(page["sets"][0])
        ids.update(page["sets"][1])
        tags.update(page["sets"][2])
    return (words, ids, tags), read


def reduce_site(
    outdir: Path,
    every: list[Path],
    written: set[Path],
    stylesheets: list[str],
    keep_in: Path,
    appended: dict[str, str] | None = None,
) -> dict[str, tuple[int, int]]:
    """Reduce each of `stylesheets` (paths in `outdir`) to the rules `every`
    page uses, and point every page's link at the reduced file's digest. The
    full sheets are kept in `keep_in` (a build that did not copy them again
    reduces the kept one); `appended`: text added to a reduced sheet as it is.

    What each page holds and which page matched each selector are kept there
    too: a page this build did not write (not in `written`) is not read, one
    whose content did not change is not parsed; while the full sheets and what
    the scripts may set stay the same, a selector is tried again only on the
    pages that may change its verdict (Site.witness), and when every verdict
    is as it was, the last reduced sheets are kept. The result is the same as
    a reduction from nothing. Returns {sheet: (bytes before, after)}."""
    present = [s for s in stylesheets if (outdir / s).is_file()]
    if not present or not every:
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
    memory = keep_in / "verdicts.json"
    last = json.loads(memory.read_text(encoding="utf-8")) if memory.is_file() else {}
    if last.get("format") != MEMORY_FORMAT:  # (kept by an earlier version of this module)
        last = {}
    pages, facts, htmls = site_pages(outdir, every, written, last.get("pages", {}))
    (words, ids, tags), read = what_may_read_them(outdir, facts, present)
    key = hashlib.sha256(json.dumps([list(full.values()), sorted(words), sorted(ids), sorted(tags)]).encode())
    if last.get("key") != key.hexdigest():  # other sheets or scripts: no verdict is known
        last = {"digests": last.get("digests")}
    site = Site(pages, words, ids, tags, before=last.get("verdicts", {}))
    if last.get("read") == sorted(read) and site.matches_as_before(last.get("forms", {})):
        reduced = last["reduced"]  # (parsing the full sheets again would give the same rules)
    else:
        reduced = dict(zip(present, reduce_stylesheets(list(full.values()), site, read), strict=True))
    final = {sheet: css + (appended or {}).get(sheet, "") for sheet, css in reduced.items()}
    digests = {sheet: hashlib.sha256(css.encode()).hexdigest()[:20] for sheet, css in final.items()}
    for sheet, css in final.items():
        (outdir / sheet).write_text(css, encoding="utf-8")
    if digests != last.get("digests"):  # every page links the sheets anew
        htmls |= {path: path.read_text(encoding="utf-8") for path in every if path not in htmls}
    point_links_at_digests(htmls, digests)
    remember = {"pages": facts, "verdicts": site.verdicts, "forms": site.forms, "read": sorted(read)}
    memory.write_text(
        json.dumps(
            {"format": MEMORY_FORMAT, "key": key.hexdigest(), **remember, "reduced": reduced, "digests": digests}
        ),
        encoding="utf-8",
    )
    return {sheet: (len(full[sheet].encode()), len(final[sheet].encode())) for sheet in present}


def point_links_at_digests(htmls: dict[Path, str], digests: dict[str, str]) -> None:
    """Each link to a reduced sheet names its content's digest, so that a browser
    that kept the last build's file fetches the new one."""
    link = re.compile("(" + "|".join(map(re.escape, digests)) + ')(\\?[^"]*)?"')
    for path, html in htmls.items():
        new = link.sub(lambda m: f'{m[1]}?digest={digests[m[1]]}"', html)
        if new != html:
            path.write_text(new, encoding="utf-8")
