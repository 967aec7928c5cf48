"""A leaner, safer sphinx-book-theme: only the assets a page uses, fixes for
defects of the theme and its companions, a configuration that stays the same
between builds, a strict Content-Security-Policy, and builds that collect
garbage less often. It knows nothing of the
site it serves: any sphinx-book-theme project can use it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx

from . import assets, csp, ebook, fixes, quiet, sitemap, speedups, stable_config, used_css, written


def setup(app: Sphinx) -> dict:
    # Garbage collected less often while Sphinx builds (15% of a large clean build).
    speedups.collect_garbage_less_often(app)

    # Only progress and results in a build's output (no configuration dumps).
    quiet.drop_myst_configuration_dump()

    # Keep the configuration the same between builds (no needless full rebuilds).
    app.connect("config-inited", stable_config.add_theme_folders, priority=900)
    app.connect("builder-inited", stable_config.drop_appended_copies, priority=999)

    # Ship only what a page uses: no theme files that no page loads, no Font
    # Awesome rules in the theme's CSS (the icons come from icons.css, CSS
    # masks), no copy-button code on pages without code blocks.
    app.add_builder(assets.HTMLBuilder, override=True)
    app.add_css_file(assets.ICONS_CSS, priority=800)
    app.connect("html-page-context", assets.drop_code_assets)
    app.connect("html-page-context", assets.name_own_script)

    # Theme defects, each after the theme's own handler (priority 500):
    # the page title in the print-only header as text, named navigation
    # toggles, links in the 404 page's text that work at any depth.
    app.connect("html-page-context", fixes.escape_print_title, priority=900)
    app.connect("html-page-context", fixes.name_navigation_toggles, priority=900)
    app.connect("html-page-context", fixes.absolute_links_on_404)

    # An e-book's pages: their language, one colon after a field name, code that wraps.
    app.connect("html-page-context", ebook.language_and_rules)
    # The theme's stylesheets reduced to the rules that the written pages use,
    # in any state a reader can reach (used_css.py says how it decides).
    app.connect("build-finished", used_css.reduce_theme_stylesheets)

    # A Content-Security-Policy on every page and in _headers; other
    # extensions name the origins frames may load from, and the sources of workers.
    app.add_event("csp-frame-sources")
    app.add_event("csp-worker-sources")
    app.connect("build-finished", csp.add_policies)

    # sitemap.xml with every page, after a clean or an incremental build.
    app.connect("build-finished", sitemap.write)

    # Once every step after the build is done: which pages the next build writes.
    app.connect("build-finished", written.remember, priority=999)

    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": code_version()}


def code_version() -> int:
    """Changes with this extension's code, so that an update rewrites every page."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py"))))
    return int(digest.hexdigest()[:12], 16)
