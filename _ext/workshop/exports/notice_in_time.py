"""An edition's notice as its time allows: as it was written while the edition
is to come or on, and once it is over, as what was announced then.

"MLHPCS 2020 is an online workshop: ..." stays the organizers' words; after
the edition a reader sees "Announced on 14 June 2020: “MLHPCS 2020 is an
online workshop: ...”" (`notice_date` in the edition's file), or "Announced
before the workshop: ..." where the file gives no day (none is invented).
"Over" is the build's clock, as everywhere a page states a settled state;
every page of the edition is written again on the first build after it
changes.
"""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..data import timeline
from ..data.editions import Edition
from ..data.workshop import Workshop


def notice_html(edition: Edition) -> str:
    """The announcement bar's content: plain text escaped, in a <span> (so that it
    never starts with "http": the theme would fetch such an announcement)."""
    notice = edition.notice
    if not notice:
        return ""
    if not timeline.edition_over(edition):
        return f"<span>{escape(notice)}</span>"
    if edition.notice_date:
        day = edition.notice_date
        when = f'on <time datetime="{day.isoformat()}">{escape(timeline.day_words(day))}</time>'
    else:
        when = "before the workshop"
    # (quotation marks as text, which screen readers read too; <q> draws them with CSS only)
    return f'<span class="ws-notice-then">Announced {when}:</span> “{escape(notice)}”'


def shown(workshop: Workshop) -> dict[int, str]:
    return {e.year: notice_html(e) for e in workshop.editions}


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """At env-get-outdated: every page of an edition whose notice reads otherwise
    than when its pages were last written (its edition has ended since)."""
    now, before = shown(app.workshop_data), getattr(env, "workshop_notices_shown", None)
    env.workshop_notices_shown = now
    if before is None:
        return []
    editions = {str(year) for year, html in now.items() if before.get(year) != html}
    return sorted(doc for doc in env.found_docs if doc.split("/", 1)[0] in editions)
