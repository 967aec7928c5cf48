# "workshop" is importable through pytest's pythonpath (pyproject.toml).
extensions = ["myst_parser", "sphinxcontrib.bibtex", "workshop"]
bibtex_bibfiles = ["refs.bib"]
include_patterns = ["index.md", "2020/**.md"]
workshop_series = {"name": "Test Workshop", "acronym": "TW", "url": "https://example.org/tw/", "contact": "tw@example.org"}
# The series' citations, as the site's conf.py sets them.
bibtex_default_style = "mlhpcs"
bibtex_reference_style = "author_year"
bibtex_cite_id = "{key}"
bibtex_tooltips = False
