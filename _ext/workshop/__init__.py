"""The MLHPCS series extension: pages, exports and checks from the data."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from . import recording, sources, unpublished_folders
from .exports import books, head, notice_in_time, offline, publish
from .pages import (
    bibliographies,
    book,
    call,
    dependencies,
    directives,
    editions,
    inline_nodes,
    papers,
    people,
    programme,
    programme_print,
    search,
    timeline,
)
from .pages.said_then import AnnouncedThenDirective


def setup(app: Sphinx) -> dict:
    # The series' facts (conf.py); each edition is a folder named after its year.
    app.add_config_value("workshop_series", {}, "env", dict)
    # Where `make latexpdf` leaves the editions' books (linked and copied when there).
    app.add_config_value("workshop_books", "", "env", str)
    # Whether a build records the versions it publishes (recording.py; set by scripts/build.py).
    app.add_config_value("workshop_versions", "show", "", str)

    # An edition whose facts are still to be written is not published (its pages are left out).
    app.connect("config-inited", unpublished_folders.leave_out)
    # Load and check the data before anything else reads it; stop on mistakes.
    app.connect("builder-inited", sources.load, priority=50)
    app.connect("builder-inited", sources.attach_to_env)
    app.connect("builder-inited", recording.start)
    # A change of the data re-reads the pages that show what changed, and
    # writes their neighbours in the navigation again (their links show titles).
    app.connect("builder-inited", dependencies.start)
    app.connect("env-get-outdated", dependencies.pages_to_reread)
    app.connect("env-before-read-docs", dependencies.note_pages_read)
    app.connect("env-get-updated", dependencies.neighbours_to_rewrite)
    app.connect("env-purge-doc", dependencies.forget)
    app.connect("env-merge-info", dependencies.merge)

    # Page content rendered from the data.
    app.add_directive("paper", papers.PaperDirective)
    app.add_directive("paper-list", papers.PaperListDirective)
    app.add_directive("talk", programme.TalkDirective)
    app.add_directive("schedule", programme.ScheduleDirective)
    app.add_directive("committees", people.CommitteesDirective)
    app.add_directive("people", people.PeopleDirective)
    app.add_directive("editions", editions.EditionsDirective)
    app.add_directive("edition-facts", editions.EditionFactsDirective)
    app.add_directive("important-dates", timeline.ImportantDatesDirective)
    app.add_directive("announcements", timeline.AnnouncementsDirective)
    app.add_directive("announced-then", AnnouncedThenDirective)
    app.add_role("published", inline_nodes.PublishedFileRole())
    # The search: words found however typed (accents, hyphens), people's own
    # pages first, excerpts from the pages' text (workshop/pages/search.py).
    app.add_search_language(search.SearchEnglishFolded)
    app.connect("html-page-context", search.add_search_page_script, priority=400)  # (before lean_book_theme filters)
    # (A Sphinx bug: an incremental build's search index lost the index entries of pages not written again.)
    app.connect("html-page-context", search.keep_index_entries, priority=100)
    app.connect("html-collect-pages", search.entries_in_page_order)
    # Each edition's PDF book: its cover, colophon and contents (<year>/book/index.md).
    app.add_directive("book-cover", book.BookCoverDirective)
    app.add_post_transform(book.EmptyPartsLeftOut)
    app.add_post_transform(directives.AnchorLinks)

    # Citations and bibliographies are sphinxcontrib-bibtex's: entries link to
    # paper pages, the list reads as one, pages depend on the entries they
    # cite or list, and a citation of no paper is a mistake at its line.
    bibliographies.register_styles()
    app.add_post_transform(bibliographies.PaperPageLinks)
    app.add_post_transform(bibliographies.PaperPageLinksInBook)
    app.add_node(nodes.citation, override=True, html=(bibliographies.visit_citation, bibliographies.depart_citation))
    app.connect("doctree-read", bibliographies.note_citations)
    app.connect("env-updated", bibliographies.check_bibliographies, priority=600)
    # Entries formatted in one build are kept for the next (sphinxcontrib-bibtex formats all, every build).
    app.connect("builder-inited", bibliographies.recall_formatted_entries)
    app.connect("env-updated", bibliographies.keep_formatted_entries, priority=600)
    for node in inline_nodes.HTML:  # (a rendering for every builder)
        app.add_node(node, **inline_nodes.renderings(node))
    # The call's "open until" and the registration link: until their day, in the reader's clock.
    app.add_node(call.expiring_node, **call.RENDERINGS)

    # Scholarly and event metadata in each page's <head>; an edition's notice on its pages.
    app.connect("html-page-context", head.add_to_head)
    app.connect("html-page-context", head.edition_notice)
    # Once an edition is over its notice reads as announced then: its pages are written again.
    app.connect("env-get-outdated", notice_in_time.pages_to_rewrite)
    # Each page names its feed: its edition's, or the series' (<link rel="alternate">).
    app.connect("html-page-context", head.feed_link)
    # Files beside the pages: BibTeX, RIS, CSL-JSON, calendars (.ics), frab
    # schedule.xml/.json, Atom feeds, written once the build has succeeded.
    app.connect("build-finished", publish.publish)
    # The frab schedules quote each talk's description, as its page shows it.
    app.connect("doctree-read", publish.note_description)
    app.connect("env-purge-doc", publish.forget_description)
    app.connect("env-merge-info", publish.merge_descriptions)
    # A good build's new versions, for scripts/build.py to record once it publishes.
    app.connect("build-finished", recording.leave_for_recording)
    # Each edition's PDF book beside its pages, where `make latexpdf` made one.
    app.connect("build-finished", books.copy_books)
    # The recording players' hosts, for a Content-Security-Policy that asks
    # (lean_book_theme's): the only origin a page may load a frame from.
    app.connect("config-inited", head.offer_frame_sources)
    # An edition kept for offline use once opened, saying how old its copy is; one setting turns it off.
    app.add_config_value("workshop_offline", True, "html", bool)
    # Pages kept offline load the script that registers the worker and shows the copy's age. (Before
    # handlers that replace the page's list of scripts: Sphinx adds a page's own file to the list it made.)
    app.connect("html-page-context", offline.add_script, priority=400)
    # Service workers from the site itself, for a Content-Security-Policy that asks (lean_book_theme's).
    app.connect("config-inited", offline.offer_worker_sources)
    # The list of what an edition keeps, after the Content-Security-Policy is in every page.
    app.connect("build-finished", offline.publish, priority=800)
    # The programme on paper: pages with a programme table load its print stylesheet (print only).
    app.connect("html-page-context", programme_print.add_stylesheet, priority=400)

    return {
        "version": "1.0",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": sources.code_version(),
    }
