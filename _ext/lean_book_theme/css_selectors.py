"""Whether a CSS selector can match a page of the site, in any state a reader can reach (css_rules.py reduces with it).

- pseudo-classes of user action and state (:hover, :focus-visible, :checked,
  :not(...), ...) and pseudo-elements (::before, ::backdrop, ...) are left out
  of the match: the rule is kept when its element is there;
- classes and attributes that the pages' scripts may set (any word of a script
  the pages load, so "show", "open", data-theme from `dataset.theme`) are left
  out too, and so are elements the scripts create (`createElement("li")`,
  `<span` in a script's string): the search results, the colour mode, open
  menus and dialogs keep their styles.

The selector engine is cssselect, whose XPath lxml runs in C (soupsieve, in
Python, took seconds for this site's 36 pages). A selector that cannot be read
is kept, and so is a list with a vendor-prefixed selector (a browser drops such
a list whole where it does not know the prefix).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import tinycss2
from cssselect import HTMLTranslator, SelectorError
from lxml import etree
from sphinx.util import logging
from tinycss2 import ast

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


class Page:
    """A built page: its tokens (".class", "#id" and tag names found in it), and
    its tree, parsed when a selector that may match it is first tried. `changed`:
    it differs from the last build's page of the same name (or there was none)."""

    def __init__(self, name: str, tokens: set[str], parse: Callable[[], etree._Element], changed: bool = True):
        self.name, self.tokens, self.parse, self.changed = name, tokens, parse, changed
        self._tree: etree._Element | None = None

    @property
    def tree(self) -> etree._Element:
        if self._tree is None:
            self._tree = self.parse()
        return self._tree


@dataclass
class Site:
    """What the selectors are matched against: the pages, and what scripts may add.

    A verdict is the name of a page that a selector's form matches (a witness),
    "*" for a form kept unread, or None. The last build's verdicts, `before`,
    spare work and stay exact: a witness that is unchanged still matches, and a
    form that matched no page before can only match a page that changed."""

    pages: list[Page]
    script_words: set[str]  # class and attribute names scripts may set
    created_ids: set[str]  # ids scripts give to elements they create
    created_tags: set[str]  # elements scripts may create
    before: dict[str, str | None] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)
    verdicts: dict[str, str | None] = field(default_factory=dict)
    forms: dict[str, list] = field(default_factory=dict)  # {form: [its required tokens, whether it matched]}

    def __post_init__(self) -> None:
        for page in self.pages:
            self.tokens |= page.tokens
        self.unchanged = {page.name for page in self.pages if not page.changed}
        self.by_name = {page.name: page for page in self.pages}

    def matches(self, form: str, required: set[str]) -> bool:
        """Whether some page has an element that the selector's form matches;
        `required`: the tokens such a page must hold."""
        if required <= self.tokens:
            if form not in self.verdicts:
                self.verdicts[form] = self.witness(form, required)
            result = self.verdicts[form] is not None
        else:
            result = False
        self.forms[form] = [sorted(required), result]
        return result

    def matches_as_before(self, forms: dict[str, list]) -> bool:
        """Whether every form the last build tried (its `forms`) matches as it
        did then: the reduced sheets are then the last build's."""
        return bool(forms) and all(self.matches(form, set(req)) == was for form, (req, was) in forms.items())

    def witness(self, form: str, required: set[str]) -> str | None:
        last = self.before.get(form, "")
        if last in self.unchanged or last == "*":
            return last
        if form in self.before and last is None:
            candidates = [p for p in self.pages if p.changed]
        else:  # (its last witness first: a page that changed most often still matches, and one page is quick)
            candidates = [self.by_name[last], *self.pages] if last in self.by_name else self.pages
        try:
            # (cssselect turns the selector into XPath, which lxml evaluates in C)
            compiled = etree.XPath(TRANSLATOR.css_to_xpath(form))
        except (SelectorError, etree.XPathError):
            return "*"
        return next((p.name for p in candidates if required <= p.tokens and compiled(p.tree)), None)


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
    return site.matches(form, required)


TRANSLATOR = HTMLTranslator()
