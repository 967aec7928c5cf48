"""The MLHPCS series extension: pages, exports and checks from the data."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from . import sources
from .exports import books, head, notice_in_time, publish
from .pages import bibliographies, dependencies, directives, editions, inline_nodes, papers, people, programme, timeline
from .pages.said_then import AnnouncedThenDirective


def setup(app: Sphinx) -> dict:
    # The series' facts (conf.py); each edition is a folder named after its year.
    app.add_config_value("workshop_series", {}, "env", dict)
    # Where `make latexpdf` leaves the editions' books (linked and copied when there).
    app.add_config_value("workshop_books", "", "env", str)

    # Load and check the data before anything else reads it; stop on mistakes.
    app.connect("builder-inited", sources.load, priority=50)
    app.connect("builder-inited", sources.attach_to_env)
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
    app.add_post_transform(directives.AnchorLinks)

    # Citations and bibliographies are sphinxcontrib-bibtex's: entries link to
    # paper pages, the list reads as one, pages depend on the entries they
    # cite or list, and a citation of no paper is a mistake at its line.
    bibliographies.register_styles()
    app.add_post_transform(bibliographies.PaperPageLinks)
    app.add_node(nodes.citation, override=True, html=(bibliographies.visit_citation, bibliographies.depart_citation))
    app.connect("doctree-read", bibliographies.note_citations)
    app.connect("env-updated", bibliographies.check_bibliographies, priority=600)
    # Entries formatted in one build are kept for the next (sphinxcontrib-bibtex formats all, every build).
    app.connect("builder-inited", bibliographies.recall_formatted_entries)
    app.connect("env-updated", bibliographies.keep_formatted_entries, priority=600)
    for node in inline_nodes.HTML:  # (a rendering for every builder)
        app.add_node(node, **inline_nodes.renderings(node))

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
    # Each edition's PDF book beside its pages, where `make latexpdf` made one.
    app.connect("build-finished", books.copy_books)
    # The recording players' hosts, for a Content-Security-Policy that asks
    # (lean_book_theme's): the only origin a page may load a frame from.
    app.connect("config-inited", head.offer_frame_sources)

    return {
        "version": "1.0",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": sources.code_version(),
    }
