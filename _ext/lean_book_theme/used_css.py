"""The theme's stylesheets reduced to the rules that the built pages use.

pydata-sphinx-theme's stylesheet holds all of Bootstrap and a style for every
component the theme offers (300 KiB, 45 KiB compressed on every first visit);
a site uses a small part of it. After the build, every page in the output
folder is parsed (tinycss2), and a rule is kept when one of its selectors can
match an element of some page in a state a reader can reach (css_selectors.py
decides); @media rules are reduced inside, @keyframes and @font-face stay when
a kept rule names them, custom properties when something the site ships reads
them. The reduction runs on all the pages of the output folder on every build
(a page that did not change is not parsed again), so a page with a component no
page had before brings its rules with it, and a rule no page uses any more goes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import tinycss2
from sphinx.application import Sphinx
from sphinx.util import logging

from .csp import pages
from .css_selectors import (
    BLOCK_AT_RULES,
    MARKER,
    VARIABLE,
    Page,
    Site,
    page_tokens,
    script_vocabulary,
    split_list,
    used,
)

logger = logging.getLogger(__name__)

VENDOR = re.compile(r"::?-(webkit|moz|ms|o)-")


def kept_selectors(prelude: list, site: Site) -> str | None:
    """The rule's selector list with only the selectors pages use; None if none."""
    selectors = split_list(prelude)
    matching = [s for s in selectors if used(s, site)]
    if not matching:
        return None
    if len(matching) < len(selectors) and any(VENDOR.search(tinycss2.serialize(s)) for s in selectors):
        return tinycss2.serialize(prelude).strip()  # one list, as the browser reads it
    return ",".join(tinycss2.serialize(s).strip() for s in matching)


# -- stylesheets -----------------------------------------------------------------


@dataclass
class Kept:
    """A rule kept, with its declarations (for custom properties) or its rules inside."""

    head: str
    declarations: list | None = None  # tinycss2 Declarations and what lies between them
    inside: list[Kept] | None = None
    text: str | None = None  # kept as written (@charset, @font-face, @keyframes, ...)
    names: str = ""  # what an at-rule is named by (@keyframes spin, @font-face's family)

    def render(self, custom: set[str]) -> str:
        if self.text is not None:
            return self.text
        if self.inside is not None:
            inner = "".join(k.render(custom) for k in self.inside)
            return f"{self.head}{{{inner}}}" if inner else ""
        parts = [
            f"{d.name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}"
            for d in self.declarations
            if d.type == "declaration" and (not d.name.startswith("--") or d.name in custom)
        ]
        return f"{self.head}{{{';'.join(parts)}}}" if parts else ""


def reduce_rules(rules: list, site: Site) -> list[Kept]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = kept_selectors(rule.prelude, site)
            if selectors is not None:
                declarations = tinycss2.parse_blocks_contents(rule.content)
                kept.append(Kept(selectors, declarations=declarations))
        elif rule.type == "at-rule" and rule.lower_at_keyword in BLOCK_AT_RULES and rule.content is not None:
            inner = reduce_rules(tinycss2.parse_rule_list(rule.content), site)
            if inner:
                kept.append(Kept(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", inside=inner))
        elif rule.type == "at-rule":
            name = ""
            if rule.lower_at_keyword.endswith("keyframes"):
                name = tinycss2.serialize(rule.prelude).strip()
            elif rule.lower_at_keyword == "font-face":
                family = re.search(r"font-family:\s*([^;}]+)", tinycss2.serialize(rule.content or []))
                name = family.group(1).strip().strip("\"'") if family else ""
            kept.append(Kept("", text=rule.serialize(), names=name))
    return kept


def walk(kept: list[Kept]) -> Iterable[Kept]:
    for k in kept:
        yield k
        if k.inside:
            yield from walk(k.inside)


def custom_properties_read(kept: list[Kept], elsewhere: str) -> set[str]:
    """Custom properties something reads: a kept declaration, another stylesheet
    or a page (`elsewhere`); and those that their values read, and so on."""
    defined: dict[str, list[str]] = {}
    read = set(VARIABLE.findall(elsewhere))
    for k in walk(kept):
        if k.text is not None:
            read |= set(VARIABLE.findall(k.text))
        for d in k.declarations or []:
            if d.type != "declaration":
                continue
            value = tinycss2.serialize(d.value)
            if d.name.startswith("--"):
                defined.setdefault(d.name, []).append(value)
            else:
                read |= set(VARIABLE.findall(value))
    frontier = list(read)
    while frontier:
        for value in defined.get(frontier.pop(), []):
            for name in VARIABLE.findall(value):
                if name not in read:
                    read.add(name)
                    frontier.append(name)
    return read


def reduce_stylesheets(sheets: list[str], site: Site, elsewhere: str) -> list[str]:
    """Each of `sheets` with only the rules the pages use; custom properties stay
    when a kept rule of any of them reads them, or `elsewhere` does (the other
    stylesheets, the pages and their scripts)."""
    kept = [
        reduce_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), site) for css in sheets
    ]
    custom = custom_properties_read([k for one in kept for k in one], elsewhere)
    reduced = []
    for one in kept:
        text = "".join(k.render(custom) for k in one if k.text is None or not k.names)
        # @keyframes and @font-face only when a kept rule names them.
        named = "".join(k.render(custom) for k in one if k.text is not None and k.names and k.names in text)
        reduced.append(MARKER + text + named)
    return reduced


def reduce_stylesheet(css: str, site: Site, elsewhere: str) -> str:
    return reduce_stylesheets([css], site, elsewhere)[0]


# -- the build -------------------------------------------------------------------

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


def what_may_read_them(htmls: dict[Path, str], reduced: set[Path]) -> tuple[tuple[set, set, set], str]:
    """What the scripts may set (from every page's scripts), and all the text
    beside the sheets being `reduced` that may read a custom property: the
    pages, their scripts and their other stylesheets."""
    scripts, files, texts = [], set(), list(htmls.values())
    for path, html in htmls.items():
        scripts += INLINE_SCRIPT.findall(html)
        # (normpath, not resolve(): a thousand pages name the same few files, and the folder has no links)
        addresses = SCRIPT_SRC.findall(html) + STYLESHEET.findall(html)
        files |= {Path(os.path.normpath(path.parent / address)) for address in addresses}
    for file in sorted(f for f in files - reduced if f.is_file()):
        text = file.read_text(encoding="utf-8", errors="replace")
        texts.append(text)
        if file.suffix == ".js":
            scripts.append(text)
    return script_vocabulary(scripts), "\n".join(texts)


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
    (words, ids, tags), elsewhere = what_may_read_them(htmls, {Path(os.path.normpath(outdir / s)) for s in present})
    key = hashlib.sha256(json.dumps([list(full.values()), sorted(words), sorted(ids), sorted(tags)]).encode())
    memory = keep_in / "verdicts.json"
    last = json.loads(memory.read_text(encoding="utf-8")) if memory.is_file() else {}
    if last.get("key") != key.hexdigest():  # other sheets or scripts: nothing is known
        last = {}
    built, remembered = built_pages(outdir, htmls, last.get("pages", {}))
    site = Site(built, words, ids, tags, before=last.get("verdicts", {}))
    reduced = dict(zip(present, reduce_stylesheets(list(full.values()), site, elsewhere), strict=True))
    memory.write_text(
        json.dumps({"key": key.hexdigest(), "pages": remembered, "verdicts": site.verdicts}), encoding="utf-8"
    )
    for sheet, text in (appended or {}).items():
        if sheet in reduced:
            reduced[sheet] += text
    sizes = {sheet: (len(full[sheet].encode()), len(reduced[sheet].encode())) for sheet in present}
    for sheet, css in reduced.items():
        (outdir / sheet).write_text(css, encoding="utf-8")
    point_links_at_digests(pages, {s: hashlib.sha256(c.encode()).hexdigest()[:20] for s, c in reduced.items()})
    return sizes


def point_links_at_digests(pages: list[Path], digests: dict[str, str]) -> None:
    """Each link to a reduced sheet names its content's digest, so that a browser
    that kept the last build's file fetches the new one."""
    for path in pages:
        html = path.read_text(encoding="utf-8")
        new = html
        for sheet, digest in digests.items():
            new = re.sub(rf'({re.escape(sheet)})(\?[^"]*)?"', rf'\1?digest={digest}"', new)
        if new != html:
            path.write_text(new, encoding="utf-8")
