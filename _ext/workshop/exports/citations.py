"""A paper's BibTeX entry as RIS (EndNote, Mendeley, Zotero import) and
CSL-JSON (citeproc, Pandoc, Zotero), field for field.

Only the entry's own fields are written: nothing is added that references.bib
does not hold, and nothing it holds is dropped where the format has a place
for it. RIS is written with rispy; CSL-JSON is plain JSON in the CSL schema's
variable names.
"""

from __future__ import annotations

import json

import rispy

from ..data.papers import Paper

RIS_TYPES = {"inproceedings": "CPAPER", "proceedings": "EDBOOK"}
CSL_TYPES = {"inproceedings": "paper-conference", "proceedings": "book"}


def one_line(text: str) -> str:
    """RIS is one field per line: a line break in a value would start a field of its own."""
    return " ".join(text.split())


def field(paper: Paper, name: str) -> str | None:
    return dict(paper.fields).get(name)


def ris_record(paper: Paper) -> dict:
    first, last = paper.page_range or (None, None)
    record = {
        "type_of_reference": RIS_TYPES[paper.entry_type],
        "id": paper.key,
        "authors": list(paper.authors_bibtex),
        "secondary_authors": list(paper.editors),  # A2: editors
        "title": paper.title,
        "secondary_title": paper.booktitle if paper.entry_type == "inproceedings" else None,  # T2: proceedings
        "tertiary_title": paper.series,  # T3: series
        "volume": paper.volume,
        "start_page": first,
        "end_page": last,
        "year": paper.year,
        "publisher": paper.publisher,
        "place_published": paper.address,
        "issn": paper.isbn or field(paper, "issn"),  # SN holds one identifier: the ISBN, else the ISSN
        "doi": paper.doi,
    }
    return {key: one_line(v) if isinstance(v, str) else [one_line(x) for x in v] for key, v in record.items() if v}


class RisWriter(rispy.RisWriter):
    """rispy's RIS, without the "1." line it writes before each record by
    default: files then start with "TY  -", as reference managers expect."""

    def set_header(self, count: int) -> None:
        return None


def ris(papers: list[Paper]) -> bytes:
    return rispy.dumps([ris_record(p) for p in papers], implementation=RisWriter).encode("utf-8")


def csl_name(family_first: str) -> dict:
    family, _, given = family_first.partition(", ")
    return {"family": family, "given": given} if given else {"family": family}


def csl_record(paper: Paper) -> dict:
    record = {
        "id": paper.key,
        "type": CSL_TYPES[paper.entry_type],
        "title": paper.title,
        "author": [csl_name(n) for n in paper.authors_bibtex],
        "editor": [csl_name(n) for n in paper.editors],
        "container-title": paper.booktitle if paper.entry_type == "inproceedings" else None,
        "collection-title": paper.series,
        "volume": paper.volume,
        "page": "-".join(paper.page_range) if paper.page_range else None,
        "publisher": paper.publisher,
        "publisher-place": paper.address,
        "issued": {"date-parts": [[int(paper.year)]]} if paper.year.isdigit() else None,
        "DOI": paper.doi,
        "ISBN": paper.isbn,
        "ISSN": field(paper, "issn"),
    }
    return {key: value for key, value in record.items() if value}


def csl_json(papers: list[Paper]) -> bytes:
    return (json.dumps([csl_record(p) for p in papers], indent=2, ensure_ascii=False) + "\n").encode("utf-8")
