"""sitemap.xml with every page of the site, after every build.

sphinx-sitemap lists only the pages written by the current build, so after
an incremental rebuild its sitemap.xml loses every page that did not change
(jdillard/sphinx-sitemap#13, open since 2018). This one is made from the
environment, which knows every page: an incremental build writes the same
file as a clean one. Orphan pages (such as 404) are left out, like search.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from sphinx.application import Sphinx

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write(app: Sphinx, exception: Exception | None) -> None:
    if (
        exception is not None
        or app.builder.format != "html"
        or app.builder.name == "epub"
        or not app.config.html_baseurl
    ):
        return
    env = app.env
    pages = sorted(
        app.builder.get_target_uri(docname)
        for docname in env.found_docs
        if "orphan" not in env.metadata.get(docname, {})
    )
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for page in pages:
        ElementTree.SubElement(ElementTree.SubElement(root, "url"), "loc").text = app.config.html_baseurl + page
    ElementTree.ElementTree(root).write(Path(app.outdir) / "sitemap.xml", encoding="utf-8", xml_declaration=True)
