/* The search page: Sphinx's search (searchtools.js, loaded before this
   deferred script), with two changes a reader sees.

   Excerpts. Sphinx looks for the stemmed words in a result's text ("energi"
   for "energy"); when they are not there it shows the start of the page's
   main area, which held the theme's buttons ("System Settings Light Dark").
   Here the excerpt comes from the page's article without its controls, around
   the first of the reader's words as typed, found however accented or
   hyphenated (foldWord is the index's folding, from language_data.js).

   Highlights. Sphinx keeps the words for whichever page opens next, so any
   page read after a search had its words marked. Here they are kept only when
   the reader opens a result. */
"use strict";

/* Sphinx's highlighter (sphinx_highlight.js) is not loaded on this page: its
   flag, which searchtools.js reads, says so (results are listed unmarked). */
var SPHINX_HIGHLIGHT_ENABLED = false; // eslint-disable-line no-var

(() => {
  const HIGHLIGHT_KEY = "sphinx_highlight_terms";
  const CONTROLS = ".headerlink, script, style, button, input, label, .ws-local-switch, .d-print-none, .onlyprint";
  const LENGTH = 240; // characters of an excerpt,
  const BEFORE = 50; // of them before the first word found

  /* The text of a page (or of its section `anchor`), with a map from each
     character of its folded form back to the text, so that a word found in
     the folded text is shown as written. */
  function pageText(html, anchor) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const article = doc.querySelector("article") || doc.querySelector('[role="main"]');
    if (!article) return null;
    const part = (anchor && article.querySelector(anchor)) || article;
    part.querySelectorAll(CONTROLS).forEach((element) => element.remove());
    const text = part.textContent.replace(/\s+/g, " ").trim();
    let folded = "";
    const origin = [];
    [...text].forEach((character, index) => {
      const letters = /[-\u2010\u2011]/.test(character) ? "" : foldWord(character);
      folded += letters;
      for (let i = 0; i < letters.length; i++) origin.push(index);
    });
    return { text: [...text], folded, origin };
  }

  /* Where the reader's first word is: as typed, without the umlaut spelling
     ("Juelich" for "Jülich"), or by its stem ("hyperparamet"). */
  function firstMatch(page, words) {
    const stemmer = new Stemmer();
    const candidates = words.flatMap((word) => {
      const folded = foldWord(word);
      return [folded, folded.replace(/([aou])e/g, "$1"), stemmer.stemWord(word)];
    });
    for (const candidate of candidates) {
      const at = candidate.length > 1 ? page.folded.indexOf(candidate) : -1;
      if (at >= 0) return page.origin[at];
    }
    return 0;
  }

  function summary(html, keywords, anchor) {
    const page = pageText(html, anchor);
    if (!page || page.text.length === 0) return null;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const start = Math.max(firstMatch(page, splitQuery(query)) - BEFORE, 0);
    const excerpt = page.text.slice(start, start + LENGTH).join("").trim();
    const paragraph = document.createElement("p");
    paragraph.classList.add("context");
    paragraph.textContent = (start > 0 ? "…" : "") + excerpt + (start + LENGTH < page.text.length ? "…" : "");
    return paragraph;
  }

  Search.makeSearchSummary = summary;

  // The reader's words, from the query (Sphinx stores them only with its
  // highlighter, which this page does not load); stored when a result is opened.
  document.addEventListener("DOMContentLoaded", () => {
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const words = query.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    localStorage.removeItem(HIGHLIGHT_KEY);
    const results = document.getElementById("search-results");
    if (!words || !results) return;
    // (A link opened by keyboard gets a click too.)
    results.addEventListener("click", (event) => {
      if (event.target.closest("a")) localStorage.setItem(HIGHLIGHT_KEY, words);
    });
  });
})();
