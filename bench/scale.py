"""The site at conference scale: a generated copy with N synthetic papers (200
by default), each with a page and a programme item, against a floor project
of the same page count (the stock theme, near-empty pages in one toctree).

Site and floor rounds alternate. Prints, and exits 1 when a target is missed:
  clean build                   at most 1.25x the floor's
  one paper page edited         at most 1.5x the floor's one-page edit, only that page read
  one title changed in the .bib no slower than the site's clean build, only the pages that show it read
  first-visit transfer          at most 64 KiB on every page (gzip, Chromium, empty cache), as on the real site
  home page HTML                at most 10 KiB (gzip) more than on the real site
The copy is generated in a temporary folder, never committed.
With --no-targets, prints the same figures without judging them (`make bench`
runs it so at 1,000 papers, once). With --profile, also profiles one paper
page edited (the last round's) and prints where its time goes.
Usage: .venv/bin/python bench/scale.py [--papers 200] [--runs 3] [--no-weight] [--no-targets] [--profile]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "_ext"))  # (the checks' notion of names a typo apart)

from browser import PAGE_BUDGET_KIB as BUDGET_KIB  # noqa: E402
from conftest import copy_project  # noqa: E402

YEAR = "2099"  # a synthetic edition; nothing in the site names it
FLOOR_CONF = 'project = "floor"\nextensions = ["myst_parser"]\nhtml_theme = "sphinx_book_theme"\n'
TITLE = "Synthetic Paper {n:03d} on Scaling Machine Learning"


def synthetic_edition(site: Path, papers: int) -> None:
    """A folder `2099/` with `papers` papers, as an organizer would add them."""
    folder = site / YEAR
    (folder / "program").mkdir(parents=True)
    (folder / "papers").mkdir()
    days = (papers + 39) // 40
    start = dt.date(int(YEAR), 6, 1)
    items = []
    bib = [
        f"@proceedings{{synthetic{YEAR},\n  title = {{Synthetic Proceedings}},\n  series = {{Lecture Notes"
        f" in Examples}},\n  volume = {{99}},\n  publisher = {{Example Press}},\n  year = {{{YEAR}}}\n}}\n"
    ]
    families = distinct_family_names(papers)
    for n in range(papers):
        day, slot = divmod(n, 40)
        clock = dt.datetime(2000, 1, 1, 8) + dt.timedelta(minutes=15 * slot)
        key = f"synthetic{n:03d}"
        bib.append(
            f"@inproceedings{{{key},\n  author = {{{families[n]}, Ada and {families[n]}son, Bo}},\n"
            f"  title = {{{TITLE.format(n=n)}}},\n  booktitle = {{Synthetic Proceedings}},\n"
            f"  series = {{Lecture Notes in Examples}},\n  volume = {{99}},\n  publisher = {{Example Press}},\n"
            f"  year = {{{YEAR}}},\n  doi = {{10.9999/synthetic.{n}}}\n}}\n"
        )
        items.append(
            f"  - id: synthetic-{n:03d}\n    kind: contributed-talk\n    status: scheduled\n"
            f'    date: {start + dt.timedelta(days=day)}\n    start: "{clock:%H:%M}"\n    duration: 15\n'
            f"    paper: {key}\n    speakers:\n"
            f"      - {{name: Ada {families[n]}, affiliation: Example University, presenter: true}}\n"
            f"      - {{name: Bo {families[n]}son, affiliation: Example Lab}}\n"
        )
        (folder / "papers" / f"{key}.md").write_text(f"```{{paper}} {key}\nA synthetic summary of paper {n}.\n```\n")
    (folder / "program" / "schedule.yaml").write_text(
        f"edition:\n  year: {YEAR}\n  acronym: MLHPCS {YEAR}\n  start: {start}\n"
        f"  end: {start + dt.timedelta(days=days - 1)}\n  timezone: Europe/Berlin\n  status: EventScheduled\n"
        f'  format: online\n  host: {{name: Synthetic Host, short: SH {YEAR}, url: "https://example.org/"}}\n'
        f"  proceedings: synthetic{YEAR}\ncommittees:\n  organizing:\n"
        f"    - {{name: Janis Keuper, affiliation: IMLA / Fraunhofer ITWM}}\nitems:\n" + "".join(items)
    )
    toctree = "\n".join(["bibliography", *(f"synthetic{n:03d}" for n in range(papers))])
    (folder / "papers" / "index.md").write_text(
        f"# Papers {YEAR}\n\n```{{paper-list}}\n```\n\n```{{toctree}}\n:hidden:\n\n{toctree}\n```\n"
    )
    (folder / "program" / "index.md").write_text(f"# Programme {YEAR}\n\n```{{schedule}}\n```\n")
    (folder / "index.md").write_text(
        f"# MLHPCS {YEAR}\n\n```{{edition-facts}}\n```\n\nAmong the papers: {{cite:t}}`synthetic011`.\n\n"
        "```{toctree}\n:hidden:\n\nprogram/index\n"
        "papers/index\ncfp\ncommittee\n```\n"
    )
    (folder / "papers" / "bibliography.md").write_text(
        f'# Bibliography {YEAR}\n\n```{{bibliography}}\n:filter: type == "inproceedings" and volume == "99"\n```\n'
    )
    (folder / "cfp.md").write_text(f"# Call for papers {YEAR}\n\nA synthetic call.\n")
    (folder / "committee.md").write_text(f"# Committees {YEAR}\n\n```{{committees}}\n```\n")
    with (site / "references.bib").open("a") as file:
        file.write("\n" + "\n".join(bib))


def distinct_family_names(count: int) -> list[str]:
    """Invented family names, no two of them a typo apart (the checks would
    take one for a misspelling of the other, as they should). Candidates are
    looked up as the checks look them up: by their words with letters left out."""
    from workshop.data.people import close, deletions

    syllables = ["ba", "ke", "lo", "mu", "ri", "sa", "te", "vo", "zu", "pi", "do", "ga", "ne", "fu", "hi", "jo"]
    names: list[str] = []
    seen: dict[str, set[str]] = {}
    for length in (3, 4):
        for parts in itertools.product(syllables, repeat=length):
            word = "".join(parts)
            forms = (word, word + "son")  # (the first and the second author)
            near = {other for form in forms for variant in deletions(form, 2) for other in seen.get(variant, ())}
            if any(close(word, other) or close(word + "son", other + "son") for other in near):
                continue
            names.append(word.capitalize())
            if len(names) == count:
                return names
            for form in forms:
                for variant in deletions(form, 2):
                    seen.setdefault(variant, set()).add(word)
    raise SystemExit(f"only {len(names)} distinct invented names; add syllables")


def floor_project(src: Path, pages: int) -> None:
    src.mkdir(parents=True)
    (src / "conf.py").write_text(FLOOR_CONF)
    names = [f"p{n:03d}" for n in range(pages - 1)]
    (src / "index.md").write_text("# Floor\n\n```{toctree}\n" + "\n".join(names) + "\n```\n")
    for n, name in enumerate(names):
        (src / f"{name}.md").write_text(f"# Page {n}\n\nA paragraph of text on this page.\n")


def build(src: Path, out: Path, profile: Path | None = None) -> tuple[float, list[str]]:
    """Seconds, and the documents read; with `profile`, cProfile's statistics written there."""
    profiler = ["-m", "cProfile", "-o", str(profile)] if profile else []
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *profiler, "-m", "sphinx", "-b", "html", "-d", str(out / ".doctrees"), str(src), str(out)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "_ext"), "PATH": "/usr/bin:/bin"},
    )
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(result.stdout[-3000:] + result.stderr)
    return elapsed, re.findall(r"^(?:\x1b\[[0-9;]*K)?reading sources\.\.\. \[\s*\d+%\] (\S+)", result.stdout, re.M)


def page_count(out: Path) -> int:
    return sum(1 for p in out.rglob("*.html") if "_static" not in p.parts)


def site_round(site: Path, n: int, profile: Path | None = None) -> dict[str, tuple[float, list[str]]]:
    out = site.parent / "out"
    shutil.rmtree(out, ignore_errors=True)
    results = {"clean build": build(site, out)}
    page = site / YEAR / "papers" / "synthetic007.md"
    page.write_text(page.read_text().replace("A synthetic summary", f"{new_words(n, 'edited')} A synthetic summary"))
    results["one paper page edited"] = build(site, out)
    if profile:  # (the same edit again, profiled: the figures above stay unprofiled)
        page.write_text(page.read_text().replace(new_words(n, "edited"), new_words(n, "profiled")))
        build(site, out, profile)
    bib = site / "references.bib"
    old = re.search(r"title = \{(Synthetic Paper 011[^}]*)\}", bib.read_text()).group(1)
    bib.write_text(bib.read_text().replace(old, f"Synthetic Paper 011 Renamed {n}"))
    results["one title changed in the .bib"] = build(site, out)
    return results


def floor_round(floor: Path, n: int) -> dict[str, tuple[float, list[str]]]:
    out = floor.parent / "out"
    shutil.rmtree(out, ignore_errors=True)
    results = {"clean build": build(floor, out)}
    page = floor / "p007.md"
    page.write_text(page.read_text() + f"\n{new_words(n, 'edited')}\n")
    results["one paper page edited"] = build(floor, out)
    return results


def new_words(n: int, how: str) -> str:
    """A sentence as an organizer edits one: with a word that no page had
    before (which changes the search index, as most edits do)."""
    return f"A sentence {how}, with a word of its own: {how}word{n}{'abcdefghij'[n % 10]}."


def gzip_kib(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), 6)) / 1024


def page_weights(out: Path) -> dict[str, float]:
    from page_weight import measure
    from playwright.sync_api import sync_playwright

    from browser import FLAGS, SiteServer, site_pages

    weights = {}
    with SiteServer(out) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for page in site_pages(out):
            weights[page] = measure(browser, server.url + page)[0] / 1024
        browser.close()
    return weights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-weight", action="store_true", help="skip the page weights (Chromium)")
    parser.add_argument("--no-targets", action="store_true", help="print the figures without judging them")
    parser.add_argument("--profile", action="store_true", help="profile one paper page edited, print where time goes")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    with tempfile.TemporaryDirectory() as tmp:
        real = copy_project(Path(tmp) / "real" / "src")
        build(real, real.parent / "out")
        site = copy_project(Path(tmp) / "site" / "src")
        synthetic_edition(site, args.papers)
        first = build(site, site.parent / "out")
        pages = page_count(site.parent / "out")
        floor = Path(tmp) / "floor" / "src"
        floor_project(floor, pages)
        ours: dict[str, list] = {}
        base: dict[str, list] = {}
        profile = Path(tmp) / "one-page-edit.prof"
        for n in range(args.runs):
            last = n == args.runs - 1
            for case, result in site_round(site, n, profile if args.profile and last else None).items():
                ours.setdefault(case, []).append(result)
            for case, result in floor_round(floor, n).items():
                base.setdefault(case, []).append(result)
        home = gzip_kib(site.parent / "out" / "index.html") - gzip_kib(real.parent / "out" / "index.html")
        weights = {} if args.no_weight else page_weights(site.parent / "out")
        if args.profile:
            print_profile(profile)

    print(f"The site with {args.papers} synthetic papers ({pages} pages) against a floor of {pages} pages;")
    print(f"seconds, median (min-max) of {args.runs} alternating rounds (first build: {first[0]:.1f} s)")
    print(f"{'case':32} {'site':>18} {'floor':>18} {'ratio':>6} {'docs read':>10}  target")
    ok, extra = True, []
    site_clean = statistics.median(t for t, _ in ours["clean build"])
    for case, results in ours.items():
        times = [t for t, _ in results]
        read = statistics.median(len(r) for _, r in results)
        floors = [t for t, _ in base.get(case, [])]
        if floors:
            ratio = statistics.median(times) / statistics.median(floors)
            limit = 1.25 if case == "clean build" else 1.5
            met = ratio <= limit and (case == "clean build" or read == 1)
            target = f"<= {limit}x" + ("" if case == "clean build" else ", 1 page read")
            floor_text = f"{statistics.median(floors):8.2f} ({min(floors):.2f}-{max(floors):.2f})"
        else:
            ratio = statistics.median(times) / site_clean
            showing = {
                f"{YEAR}/papers/synthetic011",
                f"{YEAR}/papers/index",
                f"{YEAR}/papers/bibliography",
                f"{YEAR}/program/index",
                "papers/index",
                "people",
            }
            extra = sorted(set(results[-1][1]) - showing)
            met = ratio <= 1.0 and not extra
            target = "<= clean build, only pages showing it"
            floor_text = f"{'(site clean)':>18}"
        ok &= met
        print(
            f"{case:32} {statistics.median(times):8.2f} ({min(times):.2f}-{max(times):.2f}) {floor_text}"
            f" {ratio:6.2f} {read:>10g}  {target}: {'met' if met else 'NOT MET'}"
        )
        if not floors and extra:
            print(f"{'':32} read besides the pages that show the title: {', '.join(extra)}")
    if weights:
        heaviest = max(weights, key=weights.get)
        met = weights[heaviest] <= BUDGET_KIB
        ok &= met
        print(
            f"first-visit transfer: heaviest page {heaviest} {weights[heaviest]:.1f} KiB (budget {BUDGET_KIB}):"
            f" {'met' if met else 'NOT MET'}"
        )
    met = home <= 10
    ok &= met
    print(f"home page HTML: {home:+.1f} KiB gzip against the real site (budget +10): {'met' if met else 'NOT MET'}")
    if args.no_targets:
        print("(figures only: no targets at this scale)")
        return 0
    return 0 if ok else 1


def print_profile(path: Path) -> None:
    """Where one page edit's time goes: Sphinx's build phases and the heaviest
    calls, by cumulative time."""
    import pstats

    print("Profile of one paper page edited (cProfile, cumulative seconds):")
    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(
        r"sphinx/builders/__init__|sphinx/environment/__init__|pickle|search|workshop|bibtex", 25
    )


if __name__ == "__main__":
    sys.exit(main())
