"""The workshop's data: files read into located records, judged by the rules, made into frozen records.

Nothing here knows Sphinx's pages or the exports: `python -m workshop check` runs it alone.
"""
