"""`make html` publishes all or nothing: _build/html is the last good site
until a whole build succeeds, whatever stops a build on the way."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SESSION_CLOCK, copy_project

BUILD = [sys.executable, str(ROOT / "scripts" / "build.py")]


def make_html(project: Path, *options: str) -> subprocess.CompletedProcess:
    """What `make html` runs, on a copy of the site."""
    return subprocess.run(
        [*BUILD, str(project), str(project / "_build"), *options],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, **SESSION_CLOCK},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def built(tmp_path) -> tuple[Path, dict[str, bytes]]:
    project = copy_project(tmp_path / "site")
    result = make_html(project)
    assert result.returncode == 0, result.stderr
    assert "Published: " in result.stdout
    return project, snapshot(project / "_build" / "html")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_warning_after_pages_were_written_leaves_the_last_good_site(built):
    project, before = built
    # An edited summary, and by mistake a link to a page that does not exist.
    edit(project / "2021" / "papers" / "ho2021msm.md", "MSM solves", "MSM, in short, solves")
    edit(project / "2021" / "cfp.md", "## Important dates", "See [the rules](rules.md).\n\n## Important dates")
    result = make_html(project)
    assert result.returncode != 0
    assert "2021/cfp.md:" in result.stderr and "rules" in result.stderr
    assert "_build/html is the last good site, unchanged; nothing was published." in result.stderr
    assert snapshot(project / "_build" / "html") == before
    # Sphinx did write the edited page, but only in its staging folder.
    staged = (project / "_build" / "staging" / "html" / "2021" / "papers" / "ho2021msm.html").read_bytes()
    assert staged != before["2021/papers/ho2021msm.html"]


@pytest.mark.parametrize(
    ("index", "page", "line"),
    [("2021/papers/index.md", "2021/papers/murana2021energy", 26), ("2021/index.md", "2021/cfp", 65)],
)
def test_a_page_left_out_of_its_list_is_named_with_the_list_to_add_it_to(built, index, page, line):
    """Also after a good build: the checked data kept from it is not used once a list changed."""
    project, before = built
    name = page.rsplit("/", 1)[1]
    edit(project / index, f"{name}\n", "")
    result = make_html(project)
    assert result.returncode != 0
    assert (
        f"{page}.md:1: ERROR: this page of MLHPCS 2021 is in no list of pages: add "
        f"'{name}' to the toctree of {index} (line {line})"
    ) in result.stderr
    assert snapshot(project / "_build" / "html") == before


def test_a_toctree_entry_that_names_no_page_is_named_at_its_line(built):
    """A typo of a paper's key in its list: one message, at the entry, with the page it was meant to name."""
    project, before = built
    index = project / "2021" / "papers" / "index.md"
    line = index.read_text().splitlines().index("murana2021energy") + 1
    edit(index, "murana2021energy\n", "murana2021enrgy\n")
    result = make_html(project)
    assert result.returncode != 0
    assert (
        f"2021/papers/index.md:{line}: ERROR: the toctree names 'murana2021enrgy', which is no page in 2021/papers/: "
        "did you mean 'murana2021energy' (murana2021energy.md is in no list)?"
    ) in result.stderr
    assert "in no list of pages" not in result.stderr
    assert snapshot(project / "_build" / "html") == before


def test_a_data_mistake_leaves_the_last_good_site(built):
    project, before = built
    edit(project / "2021" / "program" / "schedule.yaml", 'start: "14:15"', 'start: "25:00"')
    result = make_html(project)
    assert result.returncode != 0
    assert "is not a time like 14:30 (or TBA)" in result.stderr
    assert snapshot(project / "_build" / "html") == before


def test_a_build_killed_while_it_writes_leaves_the_last_good_site(built):
    project, before = built
    for page in (project / "2020").rglob("*.md"):  # every 2020 page to write again
        page.write_text(page.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    log = project / "build.log"
    with log.open("w") as out:
        build = subprocess.Popen(
            [*BUILD, str(project), str(project / "_build")], stdout=out, stderr=subprocess.STDOUT, cwd=project
        )
        deadline = time.monotonic() + 120
        while "writing output" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert build.poll() is None, "the build ended before it could be stopped while writing"
        build.send_signal(signal.SIGKILL)
        build.wait()
    assert snapshot(project / "_build" / "html") == before


def test_a_good_build_after_a_failed_one_is_the_clean_build(built, tmp_path):
    project, _ = built
    page = project / "2021" / "papers" / "index.md"
    original = page.read_text(encoding="utf-8")
    edit(page, "the [bibliography](bibliography.md)", "the [rules](rules.md), the [bibliography](bibliography.md)")
    assert make_html(project).returncode != 0
    page.write_text(original, encoding="utf-8")
    edit(project / "2021" / "cfp.md", "Two stages.", "Two stages, as before.")
    assert make_html(project).returncode == 0
    clean = copy_project(tmp_path / "clean")
    edit(clean / "2021" / "cfp.md", "Two stages.", "Two stages, as before.")
    assert make_html(clean).returncode == 0
    after_failure, clean_build = snapshot(project / "_build" / "html"), snapshot(clean / "_build" / "html")
    # Sphinx's incremental search index keeps a word that a page no longer has
    # ("rules", from the failed build) as a term with no pages: the same index
    # for every search, written differently. Every other file: the same bytes.
    assert search_terms(after_failure.pop("searchindex.js")) == search_terms(clean_build.pop("searchindex.js"))
    assert after_failure == clean_build


def search_terms(index: bytes) -> dict:
    data = json.loads(re.fullmatch(rb"Search\.setIndex\((.*)\)", index.strip(), re.S).group(1))
    data["terms"] = {term: pages for term, pages in data["terms"].items() if pages != []}
    return data


def test_the_switch_is_one_rename_and_old_sites_are_removed(built):
    project, _ = built
    link = project / "_build" / "html"
    assert link.is_symlink()
    first = link.resolve()
    assert make_html(project).returncode == 0
    assert link.resolve() != first and not first.exists()
    assert [p.name for p in (project / "_build" / "sites" / "html").iterdir()] == [link.resolve().name]


def test_a_clean_build_prints_only_progress_and_the_result(tmp_path):
    """No line an organizer would learn to skip (and then skip a real one):
    no import-time notices, no configuration dumps, no warnings."""
    project = copy_project(tmp_path / "site")
    result = make_html(project)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    for noise in ("matplotlib", "MdParserConfig", "WARNING", "warning", "Traceback", "deprecated"):
        assert noise not in output, noise
    assert output.rstrip().endswith("Published: " + str(project / "_build") + "/html is the new site (safe to upload).")
