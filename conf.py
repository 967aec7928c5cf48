"""Sphinx configuration of the MLHPCS workshop series site.

Sections: the event, the project, sources, extensions, citations, HTML theme.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from workshop.data.unpublished import is_unpublished  # noqa: E402  (an edition still being written has no year here)

# -- The series: configured once. Each edition is data: a folder named after --
# its year, with program/schedule.yaml (its facts, committees and programme).

workshop_series = {
    "name": "Machine Learning on HPC Systems",
    "acronym": "MLHPCS",
    # Where the built site is published. Editions live under it by year
    # (https://mlhpcs.org/2021/...), so adding one never moves another's pages.
    "url": "https://mlhpcs.org/",
    "contact": "info@mlhpcs.org",
}

# -- Project -------------------------------------------------------------------

project = "MLHPCS"
author = "MLHPCS organizing committee"
# The years of the editions on the site: each is a folder named after its year
# with its programme file (as the workshop extension finds them), once published.
edition_years = sorted(
    p.parent.parent.name
    for p in Path(__file__).parent.glob("[12][0-9][0-9][0-9]/program/schedule.yaml")
    if not is_unpublished(p)
)
copyright = "–".join(dict.fromkeys([edition_years[0], edition_years[-1]])) + ", " + author
language = "en"
html_title = "MLHPCS: Machine Learning on HPC Systems"
html_baseurl = workshop_series["url"]
workshop_books = "_build/latexpdf"  # each edition's PDF, linked from its home once `make latexpdf` made it
# After a first visit, a reader's browser keeps the edition for offline use (README: "At the venue").
# False: no page registers the worker, and readers who had a copy lose it on their next visit.
workshop_offline = True

# -- Sources: an allowlist, so README.md, .venv/ or caches never become pages --

include_patterns = [
    "index.md",
    "committee.md",
    "people.md",
    "404.md",
    "program/*.md",
    "papers/*.md",
    "[12][0-9][0-9][0-9]/**.md",  # the editions, one folder per year
]
# Not pages, and not walked at all (walking .venv and node_modules took most of a rebuild).
exclude_patterns = [
    "_build",
    ".venv",
    "node_modules",
    ".git",
    "tests",
    "bench",
    "scripts",
    "test-results",
    ".pytest_cache",
    "_ext",
    "_latex",
    "_static",
    "_templates",
]
root_doc = "index"

# -- Extensions ----------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "sphinxcontrib.bibtex",
    "sphinxext.opengraph",  # OpenGraph, Twitter card and meta description on every page
    "notfound.extension",  # 404.html with links that work at any depth
    "lean_book_theme",  # _ext/lean_book_theme: lean assets, theme fixes, stable configuration, CSP
    "workshop",  # _ext/workshop: pages, exports and checks from the data
]
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3  # so that page.md#slug links resolve
copybutton_selector = "div.highlight pre"

# -- Citations -----------------------------------------------------------------

bibtex_bibfiles = ["references.bib"]  # the first one is the workshop's bibliography
# The series' style (_ext/workshop/bibliographies.py): BibTeX's plain entries
# and order, with alpha labels ([RK20]), which stay apart across the editions'
# bibliographies where numbers would repeat.
bibtex_default_style = "mlhpcs"
bibtex_reference_style = "author_year"  # {cite:t}`ho2021msm`: Ho et al. [2021]
bibtex_cite_id = "{key}"  # each entry's anchor is its key: 2021/papers/bibliography.html#ho2021msm
# No title attribute on citations: phones and most screen readers never show
# it, and the citation links to the entry itself.
bibtex_tooltips = False

# -- Sharing and finding: everything below uses the base URL set once above ------

# sitemap.xml: lean_book_theme writes it from html_baseurl, with every page but orphans (404).
ogp_site_url = html_baseurl
ogp_site_name = html_title
ogp_image = html_baseurl + "_static/mlhpcs-social.jpg"
ogp_image_alt = "MLHPCS logo: a wireframe head with glowing nodes over green circuit lines"
ogp_social_cards = {"enable": False}  # the static image above; no image generation at build time
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image">']
# The 404 page is served at any depth. (A URL that is no http(s) URL ending in "/" is the checks' to
# report at its line: until then "/", so that sphinx-notfound-page has no warning of its own to print first.)
notfound_urls_prefix = urlsplit(html_baseurl).path if html_baseurl.endswith("/") and "://" in html_baseurl else "/"

# -- HTML ----------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
templates_path = ["_templates"]
# Written as Sphinx and the theme leave them after a build, so that a rebuild
# with nothing changed does not see "The configuration has changed".
html_css_files = [("workshop.css", {"priority": 800})]
html_js_files = [("workshop.js", {"defer": "defer", "priority": 800})]
html_permalinks_icon = "#"
html_sourcelink_suffix = ""
html_favicon = "_static/favicon.ico"
html_last_updated_fmt = None
html_use_index = False  # the site has no index entries: an empty genindex.html helps no one
html_domain_indices = False
html_show_sourcelink = False
html_copy_source = False
# The theme's sidebar with the site title inside a landmark (axe: region).
html_sidebars = {"**": ["site-home.html", "search-button-field.html", "sbt-sidebar-nav.html"]}
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "max_navbar_depth": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    # No Read the Docs ads slot: an empty <div> the theme adds to every page.
    "primary_sidebar_end": [],
    # No pydata header row: on wide screens it held only a second search field
    # (the sidebar has one). Written as a list, as the theme leaves it.
    "navbar_persistent": [],
    # The theme's defaults, written out (see html_css_files above).
    "icon_links": [],
    "logo": {},
}

# -- Books: one PDF per edition (make latexpdf), and an e-book of the site (make epub) --

# The editions' years: EPUB 3 names a version, and its identifier (an XML name: a hyphen, no en dash).
version = release = "-".join(dict.fromkeys([edition_years[0], edition_years[-1]]))
# `make latexpdf` builds with the tag "book" (scripts/build.py): only then are
# the books' start pages (<year>/book/index.md) sources, and citations read as
# the references list labels them ("Ho et al. [HCKK21]"), one style in a book.
if tags.has("book"):  # noqa: F821 (Sphinx gives conf.py its tags)
    bibtex_reference_style = "label"
else:
    exclude_patterns.append("[12][0-9][0-9][0-9]/book")
latex_engine = "lualatex"  # reads the names as written (Jülich, Poznań, Günther, Muraña), fonts embedded
latex_documents = [
    (f"{year}/book/index", f"mlhpcs-{year}.tex", f"MLHPCS {year}: Machine Learning on HPC Systems", author, "manual")
    for year in edition_years
]
latex_logo = "_latex/mlhpcs-logo.jpg"  # the workshop's logo (shared/data/MLHPCS.png), 720 px: 300 ppi at 6 cm wide
latex_toplevel_sectioning = "chapter"
latex_domain_indices = False
latex_show_urls = "footnote"  # a recording's or a DOI's address, for a reader of paper to type
latex_show_pagerefs = True  # "(page 12)" after every reference to a talk, a paper or a part
latex_use_xindy = True  # the index of people sorted as a reader looks names up (Jäkel under "Ja"): Debian's xindy
latex_table_style = ["booktabs"]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # TeX Gyre (Debian's tex-gyre): Pagella for the text, Heros for titles.
    "fontpkg": r"""
\setmainfont{texgyrepagella}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold,
  ItalicFont=*-italic, BoldItalicFont=*-bolditalic]
\setsansfont{texgyreheros}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold,
  ItalicFont=*-italic, BoldItalicFont=*-bolditalic]
\setmonofont{texgyrecursor}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold,
  ItalicFont=*-italic, BoldItalicFont=*-bolditalic]
""",
    # babel, not polyglossia (Sphinx's default for lualatex): with
    # polyglossia, a ligature drawn in a second size of a face extracts as
    # one sign ("Hoﬀmann"), and a search for "Hoffmann" finds nothing.
    "polyglossia": "",
    "babel": r"\usepackage[english]{babel}",
    "preamble": r"""
\usepackage{mlhpcsbook}% _latex/mlhpcsbook.sty: the books' typography
\hypersetup{pdflang={"""
    + language
    + "}}\n",
    # The site's green (the logo's) for titles and links.
    "sphinxsetup": "TitleColor={RGB}{20,110,70}, InnerLinkColor={RGB}{20,110,70}, OuterLinkColor={RGB}{20,110,70}",
    # The cover, the contents and the colophon are parts of each book's start
    # page (<year>/book/index.md), made from its edition's data; the index of
    # people and the colophon close the book, after the references.
    "maketitle": "",
    "tableofcontents": "",
    "printindex": r"\renewcommand{\indexname}{Index of people}\printindex\ifdefined\mlhpcscolophon\mlhpcscolophon\fi",
}
latex_additional_files = ["_latex/mlhpcsbook.sty"]
epub_basename = "mlhpcs"
epub_title = "Machine Learning on HPC Systems (MLHPCS)"
epub_author = author
epub_publisher = author
epub_uid = epub_identifier = "mlhpcs-" + version  # (EPUB's NCX and OPF name the same one)
epub_theme = "epub"
epub_description = (
    "Every edition of the MLHPCS workshop series, held with ISC High Performance: programmes, talks and recordings, "
    "published papers, calls for papers, committees and the people of the series."
)
epub_contributor = author
epub_show_urls = "no"
# Every page in the e-book's contents, in order (the site's lists are hidden toctrees).
epub_tocscope = "includehidden"
epub_tocdepth = 4  # (a talk page sits under its programme, under a section of its edition's home)
# The logo as the cover image (a JPEG, which every EPUB 3 reader takes); no extra cover page.
epub_cover = ("_static/mlhpcs-social.jpg", "")
# What an e-book does not carry: the site's icon, search and 404 pages, host
# files, and what no page of it uses (the copy button's, the sidebar's and the
# site's logo; the basic.css that epub.css replaces).
epub_exclude_files = [
    "_static/favicon.ico",
    "_static/icons.css",
    "_static/workshop.css",
    "_static/offline.js",  # (the web site's offline copy and its programme on paper)
    "_static/programme-print.css",
    "_static/basic.css",
    "_static/copybutton.css",
    "_static/check-solid.svg",
    "_static/copy-button.svg",
    "_static/minus.png",
    "_static/plus.png",
    "_static/mlhpcs-logo-360.avif",  # (the site's logo sizes: the e-book has its own cover)
    "_static/mlhpcs-logo-540.avif",
    "_static/mlhpcs-logo-720.avif",
    "_static/mlhpcs-logo-360.webp",
    "_static/mlhpcs-logo-540.webp",
    "_static/mlhpcs-logo-720.webp",
    "_static/search-page.js",
    "_static/programme-print.css",
    "search.xhtml",
    "404.xhtml",
    "_headers",
    "sitemap.xml",
    "robots.txt",
    ".buildinfo.bak",  # (Sphinx keeps the previous build's record there after a configuration change)
]
