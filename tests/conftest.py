"""Shared fixtures: the real site built once, and copies of it to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from browser import SiteServer

pytest_plugins = "sphinx.testing.fixtures"

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = [
    "conf.py",
    "index.md",
    "committee.md",
    "people.md",
    "404.md",
    "references.bib",
    "program",
    "papers",
    "2020",
    "2021",
    "_ext",
    "_static",
    "_templates",
    "scripts",
    "_latex",
    "pyproject.toml",  # (the project's version, in each book's colophon)
]
STRICT = ["-W", "--keep-going", "-n", "--no-color"]  # (Sphinx colours its output in CI)
# The same site on every machine: no PDF books that `make latexpdf` left in _build (test_books makes them).
STRICT += ["-D", "workshop_books="]


# One build clock for the whole session (the reproducible-builds variable, which the
# site reads): the calendars' DTSTAMP is the build's time, and builds that are
# compared byte for byte must agree on it.
SESSION_CLOCK = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))}


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the tiny test roots."""
    return ROOT / "tests" / "roots"


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def sphinx_build(
    src: Path, out: Path, *extra: str, quiet: bool = True, env: dict | None = None
) -> subprocess.CompletedProcess:
    """`make html`'s command, run on `src` (quiet: only warnings and errors);
    `env`: more environment variables, such as the build's clock."""
    # (PYTHONPATH: for the test roots' conf.py)
    env = {**os.environ, **SESSION_CLOCK, "PYTHONPATH": str(ROOT / "_ext"), **(env or {})}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            *STRICT,
            *(["-q"] if quiet else []),
            "-b",
            "html",
            "-d",
            str(out / ".doctrees"),
            *extra,
            str(src),
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=src,
        env=env,
    )


@pytest.fixture
def project(tmp_path) -> Path:
    """A private copy of the site's sources, free to break."""
    return copy_project(tmp_path / "site")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once with warnings as errors."""
    out = tmp_path_factory.mktemp("site") / "html"
    result = sphinx_build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    return out


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (no browser download)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    from browser import FLAGS, chromium_path

    executable = chromium_path()
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield chromium
        chromium.close()


def pytest_terminal_summary(terminalreporter):
    """Say where the screenshots for people to look at are."""
    screenshots = ROOT / "test-results" / "screenshots"
    if screenshots.is_dir() and any(screenshots.iterdir()):
        terminalreporter.write_line(f"screenshots of the site (phone and desktop, light and dark): {screenshots}")


@pytest.fixture(scope="module")
def server(site):
    """The built site served on 127.0.0.1, with the host's headers (tests/browser.py)."""
    with SiteServer(site) as running:
        yield running
