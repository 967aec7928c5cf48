"""Names one letter apart: a typo of a known person is caught at its line,
and two people whose names really are that close are declared in the data."""

from __future__ import annotations

import pytest
from test_checks import line_of, real_problems

from conftest import copy_project
from workshop.data.people import close


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("keuper", "keupper", True),  # one letter added
        ("jitsev", "jitsew", True),  # one replaced
        ("nesmachnow", "nesmachnwo", True),  # two, in a long word
        ("torge", "tore", True),
        ("li", "lu", False),  # short words must match exactly
        ("janis", "margret", False),
        ("keuper", "keuper", False),  # the same
    ],
)
def test_what_counts_as_one_letter_apart(first, second, expected):
    assert close(first, second) is expected


def test_a_committee_member_spelled_one_letter_off_is_reported_with_the_known_spelling(tmp_path):
    site = copy_project(tmp_path / "site")
    path = site / "2021" / "program" / "schedule.yaml"
    old = "    - {name: Janis Keuper, affiliation: IMLA / Fraunhofer ITWM}\n"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, old.replace("Keuper", "Keupper"), 1))
    problems = real_problems(site)
    known = line_of(site / "2020" / "program" / "schedule.yaml", "Janis Keuper")
    assert problems == [
        (
            "2021/program/schedule.yaml",
            line_of(path, "Janis Keupper"),
            f"'Janis Keupper' is one letter from 'Janis Keuper' (2020/program/schedule.yaml:{known}): write that "
            "spelling if it is the same person; if not, add distinct_from: Janis Keuper to this person",
        )
    ]
    # Really another person: said once, in the data.
    path.write_text(
        path.read_text().replace(
            "{name: Janis Keupper, affiliation: IMLA / Fraunhofer ITWM}",
            "{name: Janis Keupper, affiliation: IMLA / Fraunhofer ITWM, distinct_from: Janis Keuper}",
        )
    )
    assert real_problems(site) == []
