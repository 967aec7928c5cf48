"""Ship only what a page uses: the theme and sphinx-copybutton add assets to
every page whether it needs them or not."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.fileutil import copy_asset
from sphinx.util.matching import Matcher

# Font Awesome's CSS inside the theme's stylesheet: one rule per icon, about
# 2,000 of them, 19 KiB compressed on every page. The icons the site shows
# come from this extension's static/icons.css instead.
# (Starts with the literal ".fa-", so the regex engine can skip to candidates.)
ICON_RULE = re.compile(r'\.fa-[\w-]+(?:,\.fa-[\w-]+)*,?\{--fa:"[^"]*"(?:;--fa--fa:"[^"]*")?\}')
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"
OWN_STATIC = Path(__file__).parent / "static"
#: The theme's Font Awesome icons as CSS masks (written by scripts/make_icon_css.py).
ICONS_CSS = "icons.css"


def drop_icon_rules(path: Path, keep_in: Path) -> None:
    """Sphinx copies the theme's stylesheet again on every build; the lean copy
    is kept beside the doctrees (keep_in), named by the stylesheet's digest."""
    if not path.is_file():  # another theme
        return
    css = path.read_bytes()
    lean = keep_in / f"theme-css-{hashlib.sha256(css).hexdigest()[:16]}.css"
    if not lean.is_file():
        lean.write_bytes(ICON_RULE.sub("", css.decode("utf-8")).encode("utf-8"))
    path.write_bytes(lean.read_bytes())


def name_own_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The digest in the link to this extension's script (_templates' webpack-macros.html),
    so that a browser never keeps an older copy."""
    context["lean_book_theme_digest"] = own_script_digest()


@functools.cache
def own_script_digest() -> str:
    return hashlib.sha256((OWN_STATIC / "lean-book-theme.js").read_bytes()).hexdigest()[:20]


# Assets that only pages with a code block use.
CODE_ASSETS = ("copybutton.js", "clipboard.min.js", "copybutton.css", "pygments.css")


def drop_code_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and next(doctree.findall(nodes.literal_block), None) is not None:
        return
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not str(a.filename).endswith(CODE_ASSETS)]


# Files and folders in the theme's static folders that no page of this site
# loads. (A page that asked for one would fail the browser tests: they fail on
# any request that does not succeed.) Sphinx matches the patterns against
# paths like "./locales" and "scripts/bootstrap.js".
NOT_PUBLISHED = Matcher(
    [
        "**/.*",  # (Sphinx's own rule: no dotfiles)
        "./locales",  # sphinx-book-theme's translations: read at build time, from the theme's folder
        "**.map",  # source maps of the minified scripts and stylesheets
        "scripts/fontawesome.js*",  # the icon script, and
        "scripts/bootstrap.js*",  # Bootstrap and Popper: static/lean-book-theme.js does what pages used of them
        "./vendor",  # the icon fonts (all the folder holds): the icons come from icons.css
        "./images",  # logos of notebook launch buttons (no notebooks here)
        "./*webpack-macros.html",  # the Jinja fragments behind the asset tags; not pages
        "styles/theme.css",  # only an @import of basic.css, which pages link directly
    ]
)


class HTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's HTML builder, publishing only the theme files that pages use,
    and the theme's stylesheet without its icon rules. (Fewer files written is
    also a quicker build: the translations alone are about a hundred folders.)"""

    def copy_theme_static_files(self, context: dict) -> None:
        # Sphinx 9.0's method, with NOT_PUBLISHED in place of its dotfile rule
        # (and a file that cannot be copied stops the build, not just warns).
        for entry in reversed(self.theme.get_theme_dirs()):
            copy_asset(
                Path(entry, "static"),
                self._static_dir,
                excluded=NOT_PUBLISHED,
                context=context,
                renderer=self.templates,
                force=True,
            )
        drop_icon_rules(self.outdir / THEME_CSS, Path(self.doctreedir))
        # This extension's own script, beside the theme's, and the icons drawn in CSS.
        copy_asset(OWN_STATIC / "lean-book-theme.js", self._static_dir / "scripts", force=True)
        copy_asset(OWN_STATIC / ICONS_CSS, self._static_dir, force=True)
