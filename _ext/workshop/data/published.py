"""What an edition has published, as frozen records: its versions, each with
its changes, and the last recorded state of each item and date (versions.py
makes them, lock_file.py reads and writes them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    """One field of one item or date, from one version to the next; `was` is
    None for something new."""

    subject: str  # "item" | "date"
    id: str
    field: str
    was: str | tuple[str, ...] | None
    now: str | tuple[str, ...]


@dataclass(frozen=True)
class Version:
    name: str  # the frab <version>
    recorded: dt.datetime  # aware, UTC
    changes: tuple[Change, ...] = ()  # none for the first version: everything was new


@dataclass(frozen=True)
class Mark:
    """An item's or a date's last recorded state, and its calendar numbers."""

    sequence: int
    modified: dt.datetime | None  # LAST-MODIFIED; None where nothing records when
    state: tuple[tuple[str, str | tuple[str, ...]], ...]


@dataclass(frozen=True)
class Published:
    """An edition's versions, oldest first, and the mark of each item and date.
    `unrecorded`: how many of the last versions the lock file does not hold yet."""

    versions: tuple[Version, ...] = ()
    items: tuple[tuple[str, Mark], ...] = ()
    dates: tuple[tuple[str, Mark], ...] = ()
    unrecorded: int = field(default=0, compare=False, repr=False)  # (once recorded, the same record)

    def item(self, item_id: str) -> Mark | None:
        return dict(self.items).get(item_id)

    def date(self, date_id: str) -> Mark | None:
        return dict(self.dates).get(date_id)

    @property
    def latest(self) -> Version | None:
        return self.versions[-1] if self.versions else None

    @property
    def pending(self) -> tuple[Version, ...]:
        return self.versions[len(self.versions) - self.unrecorded :]

    def earlier(self, subject: str, thing_id: str, name: str) -> list[str]:
        """Every earlier value of one field, oldest first (to strike through)."""
        wanted = (subject, thing_id, name)
        found = [c.was for v in self.versions for c in v.changes if (c.subject, c.id, c.field) == wanted]
        return [w for w in found if isinstance(w, str) and w]
