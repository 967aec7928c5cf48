"""Organizer mistakes fail `make html`'s build with path:line: message and no traceback."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, sphinx_build

#: The line of the site's URL in conf.py (messages name it).
CONF_URL_LINE = ROOT.joinpath("conf.py").read_text().splitlines().index('    "url": "https://mlhpcs.org/",') + 1


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def fails_with(project, tmp_path, *expected):
    result = sphinx_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    found = re.findall(r"^(\S+:\d+): (?:ERROR|WARNING): (.*?) \[workshop\.data\]$", result.stderr, re.M)
    assert found == list(expected), result.stderr
    assert not (tmp_path / "out" / "index.html").exists(), "nothing may be written"


def test_paper_page_naming_an_unknown_key(project, tmp_path):
    edit(
        project / "2020" / "papers" / "herron2020ensembles.md",
        "{paper} herron2020ensembles",
        "{paper} herron2020ensemble",
    )
    fails_with(
        project,
        tmp_path,
        ("2020/papers/herron2020ensembles.md:1", "paper 'herron2020ensemble' is not in references.bib"),
        (
            "references.bib:75",
            "accepted paper 'herron2020ensembles' has no page (a page in 2020/papers/ with "
            "```{paper} herron2020ensembles```)",
        ),
    )


def test_duplicate_bibtex_key(project, tmp_path):
    bib = project / "references.bib"
    text = bib.read_text()
    bib.write_text(text + "\n@inproceedings{rombach2020smartpred,\n  title = {Again}\n}\n")
    line = text.count("\n") + 2
    fails_with(
        project,
        tmp_path,
        (f"references.bib:{line}", "duplicate BibTeX key 'rombach2020smartpred' (first used on line 35)"),
    )


def test_syntax_error_in_references_bib(project, tmp_path):
    edit(project / "references.bib", "  volume    = {12321},\n  publisher", "  volume    = {12321}\n  publisher")
    fails_with(project, tmp_path, ("references.bib:22", "BibTeX syntax error: '}' expected"))


def test_accepted_paper_without_page(project, tmp_path):
    (project / "2020" / "papers" / "josepfabrego2020gopher.md").unlink()
    edit(project / "2020" / "papers" / "index.md", "josepfabrego2020gopher\n", "")
    fails_with(
        project,
        tmp_path,
        (
            "references.bib:55",
            "accepted paper 'josepfabrego2020gopher' has no page (a page in 2020/papers/ with "
            "```{paper} josepfabrego2020gopher```)",
        ),
    )


@pytest.mark.parametrize("field", ["author", "title", "booktitle", "year"])
def test_accepted_paper_missing_a_required_field(project, tmp_path, field):
    bib = project / "references.bib"
    text = bib.read_text()
    start = text.index("@inproceedings{herron2020ensembles")
    line = next(i for i, ln in enumerate(text[start:].splitlines()) if ln.strip().startswith(field))
    lines = text[start:].splitlines()
    del lines[line]
    bib.write_text(text[:start] + "\n".join(lines) + "\n")
    fails_with(project, tmp_path, ("references.bib:75", f"accepted paper 'herron2020ensembles' has no '{field}' field"))


@pytest.mark.parametrize(
    "path, old, new, expected",
    [
        (
            "2020/papers/herron2020ensembles.md",
            "{paper} herron2020ensembles",
            "{paper} rombach2020smartpred",
            (
                "2020/papers/rombach2020smartpred.md:1",
                "'rombach2020smartpred' already has a page: 2020/papers/herron2020ensembles.md",
            ),
        ),
        (
            "2020/program/schedule.yaml",
            "paper: herron2020ensembles",
            "paper: herron2020ensemble",
            ("2020/program/schedule.yaml:150", "paper 'herron2020ensemble' is not in references.bib"),
        ),
        (
            "2021/program/schedule.yaml",
            "timezone: Europe/Berlin",
            "timezone: CEST",
            ("2021/program/schedule.yaml:13", "timezone 'CEST' is not an IANA time zone name such as Europe/Berlin"),
        ),
        (
            "conf.py",
            '"url": "https://mlhpcs.org/",',
            '"url": "https://mlhpcs.org",',
            (
                f"conf.py:{CONF_URL_LINE}",
                "workshop_series: url 'https://mlhpcs.org' must be an http(s) URL ending in '/'",
            ),
        ),
    ],
)
def test_a_mistake_after_a_good_build_stops_the_next_build(project, tmp_path, path, old, new, expected):
    """The checked data kept from the good build is not reused for changed inputs."""
    assert sphinx_build(project, tmp_path / "out").returncode == 0
    edit(project / path, old, new)
    result = sphinx_build(project, tmp_path / "out")
    assert result.returncode != 0
    found = re.findall(r"^(\S+:\d+): (?:ERROR|WARNING): (.*?) \[workshop\.data\]$", result.stderr, re.M)
    assert expected in found, result.stderr


EDITION_2021 = "2021/program/schedule.yaml"


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (
            EDITION_2021,
            "    title: Large-scale Neural Solvers for Partial Differential Equations\n",
            "    title: Large-scale Neural Solvers for Partial Differential Equations\n    title: Neural Solvers\n",
            ("2021/program/schedule.yaml:117", "'title' is given twice in this mapping (first on line 116): keep one"),
        ),
        (
            EDITION_2021,
            '    start: "15:30"\n',
            '    start: "15:30"\n    date: 2021-07-03\n',
            ("2021/program/schedule.yaml:114", "'date' is given twice in this mapping (first on line 112): keep one"),
        ),
        (
            EDITION_2021,
            "  end: 2021-07-02\n",
            "  end: 2021-07-01\n",
            ("2021/program/schedule.yaml:12", "the edition ends (2021-07-01) before it starts (2021-07-02)"),
        ),
        (
            EDITION_2021,
            "    paper: murana2021energy\n",
            "    paper: ho2021msm\n",
            (
                "2021/program/schedule.yaml:188",
                "paper 'ho2021msm' is already presented at 2021/program/schedule.yaml:127: a paper has one item",
            ),
        ),
        (
            "references.bib",
            "  year      = {2021},\n  doi       = {10.1007/978-3-030-90539-2_18}",
            "  year      = {2O21},\n  doi       = {10.1007/978-3-030-90539-2_18}",
            ("references.bib:120", "'ho2021msm' has year '2O21': write the four digits of one year, like 2021"),
        ),
        (
            "references.bib",
            "  year      = {2021},\n  doi       = {10.1007/978-3-030-90539-2_21}",
            "  year      = {2021},\n  pages     = {300--295},\n  doi       = {10.1007/978-3-030-90539-2_21}",
            ("references.bib:138", "'murana2021energy' has pages '300--295' that run backwards"),
        ),
    ],
)
def test_mistakes_of_a_tired_organizer_stop_the_build(project, tmp_path, path, old, new, expected):
    edit(project / path, old, new)
    found = fails_with_any(project, tmp_path)
    assert expected in found, found


def fails_with_any(project, tmp_path) -> list[tuple[str, str]]:
    result = sphinx_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out" / "index.html").exists(), "nothing may be written"
    return re.findall(r"^(\S+:\d+): (?:ERROR|WARNING): (.*?) \[workshop\.data\]$", result.stderr, re.M)


def test_a_programme_file_that_is_not_utf8_stops_the_build(project, tmp_path):
    path = project / EDITION_2021
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))  # as a Latin-1 editor saves
    found = fails_with_any(project, tmp_path)
    first_accent = next(i for i, ln in enumerate(path.read_bytes().splitlines(), 1) if any(b > 127 for b in ln))
    assert found == [
        (f"2021/program/schedule.yaml:{first_accent}", "the programme file is not UTF-8 (byte 0xfc): save it as UTF-8")
    ]


@pytest.mark.parametrize("directive", ["schedule", "important-dates", "edition-facts"])
def test_an_editions_directive_on_a_series_page(project, tmp_path, directive):
    """{schedule}, {important-dates} and {edition-facts} show one edition: on a page
    outside every edition's folder they are an error at their line."""
    page = project / "program" / "index.md"
    page.write_text(page.read_text() + f"\n```{{{directive}}}\n```\n")
    result = sphinx_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert re.findall(
        r"^\S+/(program/index\.md:\d+): (?:ERROR|WARNING): (.*?) \[workshop\.edition\]$", result.stderr, re.M
    ) == [
        (
            "program/index.md:16",
            f"{{{directive}}} shows one edition's data: put it on a page inside an edition's folder (such as 2021/)",
        )
    ]


@pytest.mark.parametrize("url", ["mlhpcs.org/", "https://mlhpcs.org"])
def test_a_site_url_mistake_is_the_first_and_only_thing_said(project, tmp_path, url):
    """No library warning (sphinx-notfound-page's, with a path inside the .venv) before the located one."""
    edit(project / "conf.py", '"url": "https://mlhpcs.org/",', f'"url": "{url}",')
    result = sphinx_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "UserWarning" not in result.stderr and ".venv" not in result.stderr, result.stderr
    first = result.stderr.strip().splitlines()[0]
    assert first.startswith(
        f"conf.py:{CONF_URL_LINE}: ERROR: workshop_series: url '{url}' must be an http(s) URL ending in '/'"
    )
