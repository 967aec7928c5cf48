"""The organizers' own words about an edition, kept as a record of what was said then.

{announced-then}   its content is their text, as they wrote it ("MLHPCS will
                   take place as an online workshop"); `:date:` the day it
                   was announced, where that is known

While the edition is to come or on, the text reads as it was written. Once
it is over (at build time, as every settled state on a page), the text is
quoted under "Announced on 14 April 2020:" or, without a date, "Announced
before the workshop:": the words stay, and no longer speak of the present.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes

from ..data import timeline
from .directives import WorkshopDirective, logger, paragraph
from .inline_nodes import time_node


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a date like 2020-04-14") from None


class AnnouncedThenDirective(WorkshopDirective):
    has_content = True
    option_spec = {"date": iso_date}

    def run(self) -> list[nodes.Node]:
        edition = self.page_edition()
        body = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, body)
        if edition is None:
            return body.children
        self.uses(("clock", edition.year))
        said = self.options.get("date")
        if said is not None and said > edition.end:
            logger.warning(
                "{announced-then} is for what was said before %s ended (%s): its date is %s",
                edition.acronym,
                edition.end.isoformat(),
                said.isoformat(),
                location=self.get_location(),
                type="workshop",
                subtype="announced-then",
            )
        if not timeline.edition_over(edition):
            return body.children
        record = nodes.container(classes=["ws-said-then"])
        if said is None:
            record += paragraph(nodes.Text("Announced before the workshop:"), classes=["ws-said-when"])
        else:
            words = timeline.day_words(said)
            day = time_node(words, words, datetime=said.isoformat())
            record += paragraph(nodes.Text("Announced on "), day, nodes.Text(":"), classes=["ws-said-when"])
        quote = nodes.block_quote()
        quote += body.children
        record += quote
        return [record]
