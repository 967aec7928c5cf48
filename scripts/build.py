"""`make html` (and every target that writes a site or a book): build, and
publish only if the whole build succeeded.

    python scripts/build.py SOURCE BUILD_DIR [--builder html|dirhtml|singlehtml|text|epub|latexpdf] [options]

Sphinx builds into BUILD_DIR/staging/<builder> (kept between builds, so that
a rebuild stays incremental), with its doctrees in BUILD_DIR/doctrees (html)
or BUILD_DIR/doctrees-<builder>; for latexpdf, latexmk then makes the PDFs.
Only when all of it succeeds is the result copied to
BUILD_DIR/sites/<builder>/<n>/ and BUILD_DIR/<builder> pointed at it, by
renaming a new symbolic link over the old one: one step, so that anyone
reading BUILD_DIR/html (an upload, a web server) sees the last good site or
the new one, never a mixture. On any failure (a data mistake, a warning
under -W, a crash, a LaTeX error, Ctrl-C or a killed process),
BUILD_DIR/<builder> is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sphinx.cmd.build import main as build_main

STRICT = ["-W", "--keep-going", "-n"]


def quiet_imports() -> None:
    """sphinxext-opengraph prints "matplotlib is not installed, social cards will
    not be generated" when it is imported, whatever its settings say; the site
    turns social cards off (conf.py), so the line is noise an organizer would
    learn to skip. Imported here first, with that print going nowhere."""
    with contextlib.redirect_stdout(io.StringIO()):
        import sphinxext.opengraph  # noqa: F401


def publish(staging: Path, build_dir: Path, name: str) -> Path:
    """Copy the staged output into a new folder of sites/<name>/ and switch
    BUILD_DIR/<name> to it: for latexpdf the books only, not LaTeX's working files."""
    sites = build_dir / "sites" / name
    sites.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name) for p in sites.iterdir() if p.name.isdigit()]
    target = sites / str(max(numbers, default=0) + 1)

    # A copy, not hard links: Sphinx rewrites files in place on the next build.
    def books_only(folder, names):
        return [n for n in names if not n.endswith(".pdf")]

    shutil.copytree(staging, target, symlinks=True, ignore=books_only if name == "latexpdf" else None)
    link = build_dir / name
    if link.is_dir() and not link.is_symlink():  # a folder from before: keep it aside until the switch
        link.rename(sites / "0")
    fresh = build_dir / f"{name}.new"
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(target.relative_to(build_dir))
    os.replace(fresh, link)  # the one step: rename(2) over the old link
    for old in sites.iterdir():
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return target


#: What each target publishes, from the builder's staging folder.
WHAT = {
    "html": "site",
    "dirhtml": "site",
    "singlehtml": "site",
    "text": "text",
    "epub": "e-book",
    "latexpdf": "set of PDF books",
}


def doctrees_of(build_dir: Path, builder: str) -> Path:
    sphinx_builder = "latex" if builder == "latexpdf" else builder
    return build_dir / ("doctrees" if builder == "html" else f"doctrees-{sphinx_builder}")


def versions_mode() -> list[str]:
    """A build records the versions it publishes into the editions' lock files
    (workshop/recording.py), except in CI and on Read the Docs: a clean clone
    must publish only what the committed lock files hold. `-D workshop_versions=...`
    after it wins (the preview passes "show")."""
    locked = os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.environ.get("READTHEDOCS")
    return ["-D", f"workshop_versions={'locked' if locked else 'record'}"]


def record_versions(source: str, build_dir: Path, builder: str) -> list[str]:
    """Once published: the lock files the build left to record, put in place."""
    waiting = doctrees_of(build_dir, builder) / "versions-to-record"
    recorded = []
    for new in sorted(waiting.rglob("versions.yaml")) if waiting.is_dir() else []:
        name = new.relative_to(waiting).as_posix()
        os.replace(new, Path(source) / name)
        recorded.append(name)
    return recorded


# The index of people sorts names from many languages: xindy's general order
# for Western European languages (Jäkel under "Ja"), not its English one, which
# Sphinx's Makefile names for an English book and which puts "ä" after "z".
# (A make variable on the command line is the Makefile's documented override.)
XINDY_OPTIONS = "XINDYOPTS=-L general -C utf8 -M sphinx.xdy"
#: LaTeX's working files of a book, kept between builds so that a rebuild needs fewer runs.
LATEX_WORKING_FILES = (".aux", ".toc", ".idx", ".ind", ".ilg", ".out", ".fls", ".fdb_latexmk", ".log")


def forget_other_preambles(staging: Path) -> None:
    """A book whose preamble changed (a package, a language) starts its LaTeX
    runs afresh: the working files of the last run may hold commands of
    packages it no longer loads, and LaTeX would stop on them at every run."""
    for tex in staging.glob("*.tex"):
        text = tex.read_text(encoding="utf-8")
        if "\\begin{document}" not in text:
            continue
        preamble = hashlib.sha256(text[: text.index("\\begin{document}")].encode()).hexdigest()
        digest = tex.with_suffix(".preamble")
        if digest.is_file() and digest.read_text() == preamble:
            continue
        for suffix in LATEX_WORKING_FILES:
            tex.with_suffix(suffix).unlink(missing_ok=True)
        digest.write_text(preamble)


def build(source: str, build_dir: Path, builder: str, options: list[str]) -> int:
    """Sphinx into the staging folder; for PDFs, then LaTeX (latexmk).

    The books are built with the tag "book" (conf.py: their start pages), and
    quietly: Sphinx's closing "Run 'make' in that directory" is not for a
    reader of `make latexpdf`, which runs LaTeX itself; LaTeX's own output is
    shown only when it fails."""
    sphinx_builder = "latex" if builder == "latexpdf" else builder
    doctrees = doctrees_of(build_dir, builder)
    staging = build_dir / "staging" / builder
    book = ["-q", "-t", "book"] if builder == "latexpdf" else []
    arguments = [
        *STRICT,
        *book,
        *versions_mode(),
        *options,
        "-b",
        sphinx_builder,
        "-d",
        str(doctrees),
        source,
        str(staging),
    ]
    status = build_main(arguments)
    if status == 0 and builder == "latexpdf":
        forget_other_preambles(staging)
        latex = subprocess.run(["make", "-C", str(staging), "all-pdf", XINDY_OPTIONS], capture_output=True, text=True)
        if latex.returncode != 0:
            print(latex.stdout[-4000:] + latex.stderr, file=sys.stderr)
        status = latex.returncode
    return status


def main(argv: list[str]) -> int:
    source, build_dir, *options = argv
    builder = "html"
    if options[:1] == ["--builder"]:
        builder, options = options[1], options[2:]
    preview = options[:1] == ["--preview"]  # (make serve's: nothing to upload from there)
    options = options[1:] if preview else options
    build_dir = Path(build_dir)
    what = WHAT[builder]
    kept = f"the last good {what}" if (build_dir / builder).exists() else "nothing"
    try:
        quiet_imports()
        status = build(source, build_dir, builder, options)
    except KeyboardInterrupt:
        print(f"\nStopped: {build_dir}/{builder} is {kept}, unchanged.", file=sys.stderr)
        return 130
    if status != 0:
        print(f"The build failed: {build_dir}/{builder} is {kept}, unchanged; nothing was published.", file=sys.stderr)
        return status
    publish(build_dir / "staging" / builder, build_dir, builder)
    if preview:
        print("The preview is up to date.")
    else:
        print(f"Published: {build_dir}/{builder} is the new {what} (safe to upload).")
    for name in record_versions(source, build_dir, builder):
        print(f"Recorded a new version in {name}: commit it with your change of the edition's schedule.yaml.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
