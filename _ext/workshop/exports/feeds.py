"""Atom 1.0 feeds (RFC 4287) of the announcements, written with feedgen.

One feed per edition (<year>/atom.xml) and one for the series (atom.xml).
An edition's feed also has an entry for each recorded version that changed
its programme or dates, listing the changes in words (data/versions.py), so
that no change depends on someone announcing it.
Entry ids are tag URIs made from the site's host and the announcement's id,
so they survive a corrected title or a move of the site to another path.
Every date comes from the data, never from the build: an announcement is
dated at the start of its day in its edition's time zone, and a feed is as
new as its newest entry. Text is written as text (type="text"): feedgen
escapes it for XML.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from ..data import versions
from ..data.citing import citation_words
from ..data.dates import Announcement
from ..data.editions import Edition
from ..data.published import Version
from ..data.workshop import Workshop
from .site import feed_path


def tag(workshop: Workshop, name: str, year: int) -> str:
    """A tag URI (RFC 4151): tag:mlhpcs.org,2021:announcements/<id>."""
    return f"tag:{urlsplit(workshop.series.url).hostname},{year}:{name}"


def announced_at(workshop: Workshop, news: Announcement) -> dt.datetime:
    zone = workshop.edition(news.year).zone
    return dt.datetime.combine(news.date, dt.time(), tzinfo=zone)


def news_url(workshop: Workshop, news: Announcement) -> str:
    if news.page:
        return workshop.page_url(news.page)
    return f"{workshop.page_url(workshop.edition(news.year).home)}#news-{news.id}"


def feed(workshop: Workshop, edition: Edition | None) -> bytes:
    series = workshop.series
    if edition is None:
        news, title, home, year = (
            workshop.announcements,
            series.name,
            series.url,
            min(e.year for e in workshop.editions),
        )
    else:
        news = sorted(edition.announcements, key=lambda a: (a.date, a.line), reverse=True)
        title, home, year = f"{series.name} ({edition.acronym})", f"{series.url}{edition.folder}/", edition.year
    generator = FeedGenerator()
    generator.id(tag(workshop, f"announcements/{edition.year if edition else 'series'}", year))
    generator.title(f"{title}: announcements")
    generator.subtitle("Deadlines, changes and news of the workshop, newest first.")
    generator.author({"name": f"{series.acronym} organizers", "email": series.contact})
    generator.link(href=home, rel="alternate", type="text/html")
    generator.link(href=f"{series.url}{feed_path(edition)}", rel="self", type="application/atom+xml")
    generator.language("en")
    generator.generator(series.acronym, uri=series.url)
    changes = versions.changelog(workshop, edition) if edition else []
    dates = [announced_at(workshop, n) for n in news] + [version.recorded for version, _ in changes]
    first_day = edition.start if edition else min(e.start for e in workshop.editions)
    generator.updated(max(dates, default=dt.datetime.combine(first_day, dt.time(), tzinfo=dt.UTC)))
    entries = [(announced_at(workshop, n), 0, n) for n in news] + [(v.recorded, 1, (v, said)) for v, said in changes]
    for _, kind, record in sorted(entries, key=lambda e: (e[0], e[1])):  # feedgen prepends: the newest ends up first
        entry = generator.add_entry()
        if kind == 0:
            announcement_entry(workshop, entry, record)
        else:
            version_entry(workshop, edition, entry, *record)
    return generator.atom_str(pretty=True)


def announcement_entry(workshop: Workshop, entry, item: Announcement) -> None:
    entry.id(tag(workshop, f"announcements/{item.id}", item.year))
    entry.title(item.title)
    entry.updated(announced_at(workshop, item))
    entry.published(announced_at(workshop, item))
    entry.link(href=news_url(workshop, item), rel="alternate", type="text/html")
    entry.summary(citation_words(item.text, workshop.papers), type="text")
    entry.category(term=str(item.year), label=workshop.edition(item.year).acronym)


def version_entry(workshop: Workshop, edition: Edition, entry, version: Version, said: list[str]) -> None:
    """A recorded version's changes, in words; its id never changes (the version's name is kept in the lock file)."""
    entry.id(tag(workshop, f"programme/{edition.year}/{version.name.replace(' ', '_')}", edition.year))
    entry.title(f"Programme changes of {version.recorded.day} {version.recorded:%B %Y} (version {version.name})")
    entry.updated(version.recorded)
    entry.published(version.recorded)
    entry.link(href=f"{workshop.page_url(edition.programme_page)}#changes", rel="alternate", type="text/html")
    entry.summary(" ".join(said), type="text")
    entry.category(term=str(edition.year), label=edition.acronym)


def files(workshop: Workshop) -> dict[str, bytes]:
    out = {feed_path(None): feed(workshop, None)}
    for edition in workshop.editions:
        out[feed_path(edition)] = feed(workshop, edition)
    return out
