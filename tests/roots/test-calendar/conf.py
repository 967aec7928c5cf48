# "workshop" is importable through pytest's pythonpath (pyproject.toml).
extensions = ["myst_parser", "sphinxcontrib.bibtex", "workshop"]
bibtex_bibfiles = ["refs.bib"]
html_baseurl = "https://example.org/tw/"
include_patterns = ["index.md", "papers/*.md", "program/*.md"]
workshop_event = {
    "name": "Test Workshop", "acronym": "TW 2020", "start": "2020-06-20", "end": "2020-06-25",
    "timezone": "Europe/Berlin", "status": "EventMovedOnline", "url": "https://example.org/tw/",
    "contact": "tw@example.org", "host_event": "Host 2020", "host_url": "https://example.org/",
    "proceedings": "book",
}
