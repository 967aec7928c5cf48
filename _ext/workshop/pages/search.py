"""The site's search (Sphinx's own): words found however a reader types them,
people's pages first.

- Accents and German spellings: "Julich", "Juelich" and "Jülich" find the same
  pages. The index keeps every word without its accents, and a word with an
  umlaut also as it is written without one ("Juelich"); the reader's words are
  folded the same way in the browser (the language's JavaScript stemmer).
- Hyphens: "hyper-parameter" and "hyperparameter" find each other. A
  hyphenated word is indexed as its parts and as one word; the browser reads a
  typed hyphenated word as one word.
- Ranking: a page about a person (their talk, their paper, their entry in the
  people index) carries an index entry with their name, which Sphinx's search
  ranks before pages that only mention it.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

import sphinx
from docutils import nodes
from sphinx import addnodes
from sphinx.search.en import SearchEnglish

# Letters that Unicode does not decompose into a letter and an accent.
LETTERS = {"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"}
# How German is written without umlauts ("Jülich" -> "Juelich").
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
WORD = re.compile(rf"\w+(?:[{HYPHENS}]\w+)*")


def fold(word: str) -> str:
    """Lower case, without accents: "Jülich" -> "julich", "Muraña" -> "murana".
    (The same as FOLD_JS below, which folds the reader's words.)"""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(LETTERS.get(c, c) for c in plain)


FOLD_JS = (
    f"const FOLDED_LETTERS = {json.dumps(LETTERS, ensure_ascii=False)};\n"
    + r"""
const foldWord = (word) =>
  word.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/./gu, (c) => FOLDED_LETTERS[c] || c);
"""
)

# The reader's words: a hyphenated word is one word ("hyper-parameter" ->
# "hyperparameter"); otherwise Sphinx's own splitting (on what is not a
# letter, digit, underscore or emoji).
SPLITTER_JS = r"""
var splitQuery = (query) =>
  query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}\-\u2010\u2011]+/gu)
    .map((term) => term.replace(/^[\-\u2010\u2011]+|[\-\u2010\u2011]+$/gu, "").replace(/[\-\u2010\u2011]/gu, ""))
    .filter((term) => term);
"""


HYPHEN = re.compile(f"[{HYPHENS}]")


@functools.lru_cache(maxsize=1 << 16)  # (a site's words repeat: a 1,000-paper page list has a few hundred)
def variants(token: str) -> tuple[str, ...]:
    """The words a token of the text is indexed as."""
    parts = HYPHEN.split(token)
    found = parts + (["".join(parts)] if len(parts) > 1 else [])
    found += ["".join(UMLAUTS.get(c, c) for c in w) for w in found if any(c in UMLAUTS for c in w)]
    return tuple(found)


class SearchEnglishFolded(SearchEnglish):
    """English, stemmed as Sphinx does, with accents folded and hyphens read as above."""

    js_stemmer_rawcode = ""  # (no separate stemmer file: js_stemmer_code holds it)
    js_splitter_code = SPLITTER_JS

    def split(self, input: str) -> list[str]:
        return [word for token in WORD.findall(input) for word in variants(token)]

    def stem(self, word: str) -> str:
        return super().stem(fold(word))

    @property
    def js_stemmer_code(self) -> str:
        """Sphinx's English stemmer (its own minified copy) on the folded word."""
        minified = Path(sphinx.package_dir) / "search" / "minified-js"
        stemmers = [(minified / name).read_text(encoding="utf-8") for name in ("base-stemmer.js", "english-stemmer.js")]
        folded = "var Stemmer = function () {\n  const english = new EnglishStemmer();\n"
        folded += "  this.stemWord = (word) => english.stemWord(foldWord(word));\n};\n"
        return "\n".join([*stemmers, FOLD_JS, folded])


def person_entries(names: list[str]) -> list[nodes.Node]:
    """Index entries that make a page the first result for the people it is
    about (each name in full and by family name, as written and without
    accents). In HTML only (as the `only` directive keeps content): the search
    is their only reader, the books have no index."""
    entries = []
    for name in names:
        for words in dict.fromkeys([name, name.split()[-1], fold(name), fold(name.split()[-1])]):
            entries.append(("single", words, "", "main", None))
    if not entries:
        return []
    html_only = addnodes.only(expr="format_html")
    html_only += addnodes.index(entries=entries, inline=False)
    return [html_only]


def add_search_page_script(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The search page's own script (_static/search-page.js): excerpts from
    the page's text around the reader's words, highlights only on the result
    the reader opens."""
    if pagename == "search":
        app.add_js_file("search-page.js", priority=900, loading_method="defer")
        # The search page shows no workshop data, and search-page.js turns Sphinx's highlighting of the
        # results off (it flags SPHINX_HIGHLIGHT_ENABLED): without the workshop's script and Sphinx's
        # highlighter its first visit stays within the page budget.
        unused = ("workshop.js", "sphinx_highlight.js")
        context["script_files"] = [js for js in context["script_files"] if not str(js.filename).endswith(unused)]


def keep_index_entries(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Sphinx reloads the last build's search index for the pages it does not write again, but not their
    index entries (`IndexBuilder.load` restores terms and titles only), so an incremental build lost every
    person's entry and the ranking they give. Before the first page is written, the entries of the pages
    not written again come back from the last index; a page written again gives its own."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or getattr(indexer, "workshop_entries_kept", False):
        return
    indexer.workshop_entries_kept = True
    last = Path(app.outdir) / app.builder.searchindex_filename
    try:
        frozen = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)", last.read_text("utf-8").strip(), re.S)[1])
    except (OSError, TypeError, ValueError):  # (no index yet, or another format: a clean build's)
        return
    docnames = frozen.get("docnames", [])
    kept: dict[str, list] = {}
    for entry, places in frozen.get("indexentries", {}).items():
        for number, target, main in places:
            kept.setdefault(docnames[number], []).append((entry, target, "main" if main else ""))
    for docname, entries in kept.items():
        if docname not in indexer._index_entries and docname in app.env.found_docs:
            indexer._index_entries[docname] = sorted(entries)


def entries_in_page_order(app, *args) -> list:
    """At html-collect-pages, before the index is written: the entries in the pages' order, as a clean
    build feeds them (so an incremental build writes the same index)."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        ordered = sorted(indexer._index_entries.items())
        indexer._index_entries.clear()
        indexer._index_entries.update(ordered)
    return []
