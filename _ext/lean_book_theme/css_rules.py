"""A stylesheet reduced to the rules whose selectors some page uses (css_selectors.py decides).

A rule is kept when one of its selectors can match an element of some page in
a state a reader can reach; @media rules are reduced inside, @keyframes and
@font-face stay when a kept rule names them, custom properties when something
the site ships reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import tinycss2

from .css_selectors import BLOCK_AT_RULES, MARKER, VARIABLE, Site, split_list, used

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


def custom_properties_read(kept: list[Kept], read_elsewhere: set[str]) -> set[str]:
    """Custom properties something reads: a kept declaration, or another
    stylesheet, a page or a script (`read_elsewhere`); and those that their
    values read, and so on."""
    defined: dict[str, list[str]] = {}
    read = set(read_elsewhere)
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


def reduce_stylesheets(sheets: list[str], site: Site, read_elsewhere: set[str]) -> list[str]:
    """Each of `sheets` with only the rules the pages use; custom properties stay
    when a kept rule of any of them reads them, or they are `read_elsewhere`
    (by the other stylesheets, the pages and their scripts)."""
    kept = [
        reduce_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), site) for css in sheets
    ]
    custom = custom_properties_read([k for one in kept for k in one], read_elsewhere)
    reduced = []
    for one in kept:
        text = "".join(k.render(custom) for k in one if k.text is None or not k.names)
        # @keyframes and @font-face only when a kept rule names them.
        named = "".join(k.render(custom) for k in one if k.text is not None and k.names and k.names in text)
        reduced.append(MARKER + text + named)
    return reduced


def reduce_stylesheet(css: str, site: Site, read_elsewhere: set[str]) -> str:
    return reduce_stylesheets([css], site, read_elsewhere)[0]
