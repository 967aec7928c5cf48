"""The theme's stylesheets reduced to the rules that the built pages use.

pydata-sphinx-theme's stylesheet holds all of Bootstrap and a style for every
component the theme offers (300 KiB, 45 KiB compressed on every first visit);
a site uses a small part of it. After the build, every page in the output
folder is parsed, and a rule is kept when one of its selectors matches an
element of some page, in any state a reader can reach:

- pseudo-classes of user action and state (:hover, :focus-visible, :checked,
  :not(...), ...) and pseudo-elements (::before, ::backdrop, ...) are left out
  of the match: the rule is kept when its element is there;
- classes and attributes that the pages' scripts may set (any word of a script
  the pages load, so "show", "open", data-theme from `dataset.theme`) are left
  out too, and so are elements the scripts create (`createElement("li")`,
  `<span` in a script's string): the search results, the colour mode, open
  menus and dialogs keep their styles;
- @media rules (print, the phone layout, dark mode by preference) are reduced
  inside and kept with what they still hold; @keyframes and @font-face stay
  when a kept rule names them; custom properties (--pst-color-...) stay when
  something the site ships reads them with var().

The parser is tinycss2; the selector engine is cssselect, whose XPath lxml
runs in C (soupsieve, in Python, took seconds for this site's 36 pages). A
selector that either cannot read is kept, and so is a list with a
vendor-prefixed selector (a browser drops such a list whole where it does
not know the prefix).
The reduction runs on every build on all the pages of the output folder, so a
page with a component no page had before brings its rules with it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import tinycss2
from cssselect import HTMLTranslator, SelectorError
from lxml import etree
from sphinx.application import Sphinx
from sphinx.util import logging
from tinycss2 import ast

from .csp import pages

logger = logging.getLogger(__name__)

# Pseudo-classes that depend on the document alone; every other one is a
# state a reader can reach (hover, focus, checked, open, ...) and is left out.
STRUCTURAL = {
    "root",
    "first-child",
    "last-child",
    "only-child",
    "first-of-type",
    "last-of-type",
    "only-of-type",
    "nth-child",
    "nth-last-child",
    "nth-of-type",
    "nth-last-of-type",
}
# Lists of selectors inside these match when one of them matches.
ANY_OF = {"is", "where", "matches", "-webkit-any"}
BLOCK_AT_RULES = {"media", "supports", "layer", "container", "document"}
MARKER = "/* Reduced to the rules this site's pages use (lean_book_theme.used_css). */\n"
WORD = re.compile(r"[A-Za-z_-][\w-]*")
STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""")
DATASET = re.compile(r"dataset\.(\w+)")
GIVEN_ID = re.compile(r"""\bid\s*=\s*\\?["'`]([\w-]+)""")
# Attributes the browser itself sets when the reader acts: an opened <details> or <dialog>.
NATIVE_STATES = {"open"}
CREATED = re.compile(r"""createElement\(\s*["'`]([A-Za-z][\w-]*)|<([A-Za-z][\w-]*)[\s>/]""")
VARIABLE = re.compile(r"var\(\s*(--[\w-]+)")


@dataclass
class Page:
    tree: etree._Element
    tokens: set[str]  # ".class", "#id" and tag names found in the page


@dataclass
class Site:
    """What the selectors are matched against: the pages, and what scripts may add."""

    pages: list[Page]
    script_words: set[str]  # class and attribute names scripts may set
    created_ids: set[str]  # ids scripts give to elements they create
    created_tags: set[str]  # elements scripts may create
    tokens: set[str] = field(default_factory=set)
    verdicts: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for page in self.pages:
            self.tokens |= page.tokens


def page_tokens(tree: etree._Element) -> set[str]:
    tokens = set()
    for element in tree.iter(etree.Element):
        tokens.add(element.tag)
        tokens.update("." + c for c in element.get("class", "").split())
        if element.get("id"):
            tokens.add("#" + element.get("id"))
    return tokens


def kebab(word: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), word)


def script_vocabulary(scripts: Iterable[str]) -> tuple[set[str], set[str], set[str]]:
    """What the scripts may set: class and attribute names (the words of their
    strings, "show" and "aria-expanded", and data-theme for `dataset.theme`),
    the ids they give (`e.id = "search-results"`), and the elements they create."""
    words, ids, tags = set(NATIVE_STATES), set(), set()
    for script in scripts:
        for literal in STRING.findall(script):
            words |= set(WORD.findall(literal))
        words |= {"data-" + kebab(name) for name in DATASET.findall(script)}
        ids |= set(GIVEN_ID.findall(script))
        tags |= {(a or b).lower() for a, b in CREATED.findall(script)}
    return words, ids, tags


# -- selectors -----------------------------------------------------------------


class Unknown(Exception):
    """A selector this module does not take apart: its rule is kept."""


def split_list(tokens: list) -> list[list]:
    """A selector list at its top-level commas."""
    selectors, current = [], []
    for token in tokens:
        if token == "," or (isinstance(token, ast.LiteralToken) and token.value == ","):
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return [s for s in selectors if any(t.type not in ("whitespace", "comment") for t in s)]


def compounds(tokens: list) -> list[tuple[str, list]]:
    """A complex selector as (combinator before it, compound's tokens) pairs."""
    parts: list[tuple[str, list]] = []
    combinator, current = "", []
    for token in tokens:
        if token.type == "comment":
            continue
        if token.type == "whitespace" or (token.type == "literal" and token.value in (">", "+", "~")):
            if current:
                parts.append((combinator, current))
                combinator, current = "", []
            if token.type == "literal" or not combinator:
                combinator = " " if token.type == "whitespace" else f" {token.value} "
            continue
        current.append(token)
    if current:
        parts.append((combinator, current))
    return parts


def static_form(tokens: list, site: Site, required: set[str] | None) -> str:
    """The selector with every state left out, as cssselect reads it. The class,
    id and tag names it still requires are added to `required` (outside :is()).
    From an element that scripts may create on (a tag they create, an id they
    name), only its ancestors are matched: they must be there for it to be."""
    out: list[str] = []
    for combinator, compound in compounds(tokens):
        form, names, created = static_compound(compound, site)
        if created:
            break
        out.append((combinator if out else "") + form)
        if required is not None:
            required |= names
    return "".join(out) or "*"


def static_compound(tokens: list, site: Site) -> tuple[str, set[str], bool]:
    """A compound selector's static form, the names it requires, and whether
    scripts may create its element."""
    parts: list[str] = []
    names: set[str] = set()
    created = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "ident":
            name = token.value.lower()
            created |= name in site.created_tags
            parts.append(name)
            names.add(name)
        elif kind == "literal" and token.value == "*":
            pass
        elif kind == "literal" and token.value == "." and i + 1 < len(tokens) and tokens[i + 1].type == "ident":
            name = tokens[i + 1].value
            if name not in site.script_words:
                parts.append("." + css_escape(name))
                names.add("." + name)
            i += 1
        elif kind == "hash":
            created |= token.value in site.created_ids
            parts.append("#" + css_escape(token.value))
            names.add("#" + token.value)
        elif kind == "[] block":
            attribute = [t.value for t in token.content if t.type == "ident"]
            if not attribute:
                raise Unknown(tinycss2.serialize([token]))
            if attribute[0] not in site.script_words:
                parts.append(tinycss2.serialize([token]))
        elif kind == "literal" and token.value == ":":
            # ::pseudo-element, :state, :structural(...), :is(...)
            j = i + 1
            if j < len(tokens) and tokens[j].type == "literal" and tokens[j].value == ":":
                j += 1
            if j >= len(tokens):
                raise Unknown(":")
            pseudo = tokens[j]
            if pseudo.type == "ident" and pseudo.lower_value in STRUCTURAL and j == i + 1:
                parts.append(":" + pseudo.lower_value)
            elif pseudo.type == "function" and pseudo.lower_name in STRUCTURAL:
                parts.append(tinycss2.serialize(tokens[i : j + 1]))
            elif pseudo.type == "function" and pseudo.lower_name in ANY_OF:
                inner = [static_form(s, site, None) for s in split_list(pseudo.arguments)]
                parts.append(":is(" + ", ".join(inner) + ")")
            elif pseudo.type not in ("ident", "function"):
                raise Unknown(tinycss2.serialize(tokens[i : j + 1]))
            i = j
        else:
            raise Unknown(tinycss2.serialize([token]))
        i += 1
    return "".join(parts) or "*", names, created


def css_escape(name: str) -> str:
    return re.sub(r"([^\w-])", r"\\\1", name)


def used(selector_tokens: list, site: Site) -> bool:
    """Whether the selector matches an element of some page, in some state."""
    required: set[str] = set()
    try:
        form = static_form(selector_tokens, site, required)
    except Unknown:
        return True
    if not required <= site.tokens:
        return False
    if form not in site.verdicts:
        try:
            # (cssselect turns the selector into XPath, which lxml evaluates in C)
            compiled = etree.XPath(TRANSLATOR.css_to_xpath(form))
        except (SelectorError, etree.XPathError):
            site.verdicts[form] = True
        else:
            site.verdicts[form] = any(required <= page.tokens and compiled(page.tree) for page in site.pages)
    return site.verdicts[form]


TRANSLATOR = HTMLTranslator()
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

#: The theme's stylesheets (Bootstrap and pydata-sphinx-theme, sphinx-book-theme,
#: Sphinx's basic.css). The site's own stylesheets are small and written for it.
THEME_STYLESHEETS = [
    "_static/styles/pydata-sphinx-theme.css",
    "_static/styles/sphinx-book-theme.css",
    "_static/basic.css",
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


def site_from(pages: list[Path], reduced: set[Path], parse: set[Path]) -> tuple[Site, str]:
    """The pages to `parse` as trees, and all the text beside the sheets being
    `reduced` that may read a custom property: the pages, their scripts, their
    other stylesheets (and the scripts' vocabulary, from every page)."""
    trees, scripts, files, texts = [], [], set(), []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if path in parse:
            tree = lxml.html.document_fromstring(html)
            trees.append(Page(tree, page_tokens(tree)))
        texts.append(html)
        scripts += INLINE_SCRIPT.findall(html)
        files |= {(path.parent / src).resolve() for src in SCRIPT_SRC.findall(html) + STYLESHEET.findall(html)}
    for file in sorted(f for f in files - reduced if f.is_file()):
        text = file.read_text(encoding="utf-8", errors="replace")
        texts.append(text)
        if file.suffix == ".js":
            scripts.append(text)
    words, ids, tags = script_vocabulary(scripts)
    return Site(trees, words, ids, tags), "\n".join(texts)


# What this module and csp.py write into a page after Sphinx: not a change of the page.
WRITTEN_AFTER = re.compile(r'\?digest=[0-9a-f]+|\n\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def page_digests(outdir: Path, pages: list[Path]) -> dict[str, str]:
    return {
        p.relative_to(outdir).as_posix(): hashlib.sha256(
            WRITTEN_AFTER.sub("", p.read_text(encoding="utf-8")).encode()
        ).hexdigest()
        for p in pages
    }


def reduce_site(
    outdir: Path, pages: list[Path], stylesheets: list[str], keep_in: Path, appended: dict[str, str] | None = None
) -> dict[str, tuple[int, int]]:
    """Reduce each of `stylesheets` (paths in `outdir`) and point every page's
    link at the reduced file's digest. The full sheets are kept in `keep_in`
    (a build that did not copy them again reduces the kept one); `appended`:
    text added to a reduced sheet as it is.

    The verdicts are kept there too, for the next build: while the full sheets
    and what the scripts may set stay the same, only the pages that changed
    are read, for the selectors no page matched before. (A rule kept for a
    page that has since lost its component stays until a clean build.)
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
    digests = page_digests(outdir, pages)
    memory = keep_in / "verdicts.json"
    last = json.loads(memory.read_text(encoding="utf-8")) if memory.is_file() else {}
    changed = {outdir / name for name, digest in digests.items() if last.get("pages", {}).get(name) != digest}
    reduced_paths = {(outdir / s).resolve() for s in present}
    site, elsewhere = site_from(pages, reduced_paths, changed)
    key = hashlib.sha256(
        json.dumps(
            [list(full.values()), sorted(site.script_words), sorted(site.created_ids), sorted(site.created_tags)]
        ).encode()
    ).hexdigest()
    if last.get("key") != key:  # other sheets or scripts: every page is read
        site, elsewhere = site_from(pages, reduced_paths, set(pages))
    else:
        site.verdicts = {form: True for form, verdict in last["verdicts"].items() if verdict}
    reduced = dict(zip(present, reduce_stylesheets(list(full.values()), site, elsewhere), strict=True))
    memory.write_text(json.dumps({"key": key, "pages": digests, "verdicts": site.verdicts}), encoding="utf-8")
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
