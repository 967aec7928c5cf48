"""Files published beside the pages (BibTeX, RIS, CSL-JSON, calendars, frab, feeds, books) and each page's <head>.

Exports read the data's records; they never import a page module.
"""
