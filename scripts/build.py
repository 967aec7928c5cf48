"""`make html`: build the site, and publish it only if the whole build succeeded.

    python scripts/build.py SOURCE BUILD_DIR [sphinx-build options]

Sphinx builds into BUILD_DIR/staging/html (kept between builds, so that a
rebuild stays incremental), with its doctrees in BUILD_DIR/doctrees. Only when
it succeeds is the result copied to BUILD_DIR/sites/<n>/ and BUILD_DIR/html
pointed at it, by renaming a new symbolic link over the old one: one step,
so that anyone reading BUILD_DIR/html (an upload, a web server) sees the last
good site or the new one, never a mixture. On any failure (a data mistake, a
warning under -W, a crash, Ctrl-C or a killed process), BUILD_DIR/html is
left exactly as it was.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
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


def publish(staging: Path, build_dir: Path) -> Path:
    """Copy the staged site into a new folder of sites/ and switch html to it."""
    sites = build_dir / "sites"
    sites.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name) for p in sites.iterdir() if p.name.isdigit()]
    target = sites / str(max(numbers, default=0) + 1)
    # A copy, not hard links: Sphinx rewrites files in place on the next build.
    shutil.copytree(staging, target, symlinks=True)
    link = build_dir / "html"
    if link.is_dir() and not link.is_symlink():  # a folder from before: keep it aside until the switch
        link.rename(sites / "0")
    fresh = build_dir / "html.new"
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(target.relative_to(build_dir))
    os.replace(fresh, link)  # the one step: rename(2) over the old link
    for old in sites.iterdir():
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return target


def main(argv: list[str]) -> int:
    source, build_dir, *options = argv
    build_dir = Path(build_dir)
    staging = build_dir / "staging" / "html"
    arguments = [*STRICT, *options, "-b", "html", "-d", str(build_dir / "doctrees"), source, str(staging)]
    kept = "the last good site" if (build_dir / "html").exists() else "nothing"
    try:
        quiet_imports()
        status = build_main(arguments)
    except KeyboardInterrupt:
        print(f"\nStopped: {build_dir}/html is {kept}, unchanged.", file=sys.stderr)
        return 130
    if status != 0:
        print(f"The build failed: {build_dir}/html is {kept}, unchanged; nothing was published.", file=sys.stderr)
        return status
    publish(staging, build_dir)
    print(f"Published: {build_dir}/html is the new site (safe to upload).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
