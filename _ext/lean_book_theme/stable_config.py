"""Keep the configuration the same from one build to the next."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sphinx.application import Sphinx

# Sphinx compares the configuration of the last build, saved after the theme
# and sphinx-copybutton appended their folders to these lists, with a fresh one
# read before they do: so every rebuild said "The configuration has changed"
# and rewrote every page. Adding the folders up front (and dropping the copies
# appended later) makes both the same.
APPENDED_LATER = ("templates_path", "html_static_path")


def package_folder(name: str) -> Path:
    """Where a package is installed, found without importing it (that comes later)."""
    return Path(importlib.util.find_spec(name).origin).parent


def theme_folders() -> dict[str, list[str]]:
    return {
        "templates_path": [
            str(package_folder("sphinx_book_theme") / "theme" / "sphinx_book_theme" / "components"),
            str(package_folder("pydata_sphinx_theme") / "theme" / "pydata_sphinx_theme" / "components"),
        ],
        "html_static_path": [str((package_folder("sphinx_copybutton") / "_static").absolute())],
    }


def add_theme_folders(app: Sphinx, config) -> None:
    for name, folders in theme_folders().items():
        setattr(config, name, list(dict.fromkeys([*config[name], *folders])))


def drop_appended_copies(app: Sphinx) -> None:
    for name in APPENDED_LATER:
        setattr(app.config, name, list(dict.fromkeys(app.config[name])))
