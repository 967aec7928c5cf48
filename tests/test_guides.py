"""The guides, as their readers use them: every link leads to a file and a heading that exist, every
`make` target they name exists, the README reads in five minutes, and CONTRIBUTING's picture of the
architecture is the one the imports draw."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

GUIDES = ["README.md", "ORGANIZERS.md", "CONTRIBUTING.md", "bench/README.md"]
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
MAKE = re.compile(r"`make ([a-z-]+)(?=[ `])")
WORDS_A_MINUTE = 240  # an unhurried reader of technical prose


def slug(heading: str) -> str:
    """A heading's anchor as GitHub and most Markdown viewers write it."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found, seen = set(), {}
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("#"):
            continue
        base = slug(line.lstrip("#"))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


@pytest.mark.parametrize("guide", GUIDES)
def test_every_link_in_a_guide_leads_somewhere(guide):
    path = ROOT / guide
    broken = []
    for target in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):  # (https:, mailto:: the link checker's, `make linkcheck`)
            continue
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        if not linked.exists():
            broken.append(f"{target}: no file {file}")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no heading '{anchor}' in {linked.relative_to(ROOT)}")
    assert broken == []


def make_targets() -> set[str]:
    listed = subprocess.run(["make", "-pRrq", "-C", str(ROOT)], capture_output=True, text=True).stdout
    return set(re.findall(r"^([a-z][a-z-]*):", listed, re.M))


@pytest.mark.parametrize("guide", GUIDES)
def test_every_make_target_a_guide_names_exists(guide):
    named = set(MAKE.findall((ROOT / guide).read_text(encoding="utf-8")))
    assert named, f"{guide} names no make target"  # (the pattern still finds what it looks for)
    assert named - make_targets() == set()


def test_the_readme_reads_in_five_minutes():
    words = len((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert words <= 5 * WORDS_A_MINUTE, f"{words} words"


def test_contributing_pictures_the_real_imports():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import architecture
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert architecture.picture() in text, "run `.venv/bin/python scripts/architecture.py --write`"
    for module, subject in architecture.subjects().items():
        assert f"| `{module}` | {subject} |" in text, f"CONTRIBUTING's table of modules misses {module}"
