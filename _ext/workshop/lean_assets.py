"""Ship only what a page uses: the theme and sphinx-copybutton add assets to
every page whether it needs them or not."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

# Font Awesome's CSS inside the theme's stylesheet: one rule per icon, about
# 2,000 of them, 19 KiB compressed on every page. The icons the site shows
# come from _static/icons.css instead.
# (Starts with the literal ".fa-", so the regex engine can skip to candidates.)
ICON_RULE = re.compile(r'\.fa-[\w-]+(?:,\.fa-[\w-]+)*,?\{--fa:"[^"]*"(?:;--fa--fa:"[^"]*")?\}')
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"


def drop_icon_rules(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx copies the theme's stylesheet again on every build; the lean copy
    is kept beside the doctrees, named by the stylesheet's digest."""
    if exception is not None or app.builder.format != "html":
        return
    path = app.outdir / THEME_CSS
    if not path.is_file():  # another theme
        return
    css = path.read_bytes()
    lean = Path(app.doctreedir) / f"theme-css-{hashlib.sha256(css).hexdigest()[:16]}.css"
    if not lean.is_file():
        lean.write_bytes(ICON_RULE.sub("", css.decode("utf-8")).encode("utf-8"))
    path.write_bytes(lean.read_bytes())


# Assets that only pages with a code block use.
CODE_ASSETS = ("copybutton.js", "clipboard.min.js", "copybutton.css", "pygments.css")


def drop_code_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and next(doctree.findall(nodes.literal_block), None) is not None:
        return
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not str(a.filename).endswith(CODE_ASSETS)]
