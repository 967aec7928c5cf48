"""An edition that works offline once opened, and says how old its copy is.

After a good HTML build, each edition gets a list of what a reader's browser
keeps of it (`<year>/offline.json`, beside its pages): every page of the
edition, the series home, and the files those pages load (styles, scripts,
images, icons). Never a PDF, the e-book or a recording: only pages and what
they load, and nothing from another host. The list names its copy by a digest
of everything in it, so a build that changes any of it replaces the copy,
and it says when the build that made it ran.

The service worker (`offline-worker.js`, published at the site's root so that
its scope covers the site) takes pages from the network and from the copy
only when there is none; `_static/offline.js` registers it after the page has
loaded, unless the reader asked to save data. With `workshop_offline = False`
in conf.py, no page loads that script, no list is written, and the worker at
the root becomes one that deletes its copies and unregisters itself, so that
readers who had one never see an old page again.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from ..data.timeline import build_time

LIST_NAME = "offline.json"
WORKER = "offline-worker.js"  # at the site's root: a worker's scope is at most its own folder
HERE = Path(__file__).parent
#: Files the copy never holds, even where a page loads one: books, the e-book, recordings.
NEVER_KEPT = (".pdf", ".epub", ".mp4", ".webm", ".mkv", ".mov", ".m4v", ".mp3", ".m4a", ".ogg", ".wav")
#: What a browser loads for a page from <link rel=...>.
LOADED_LINKS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""")


def wanted(app: Sphinx) -> bool:
    """On the web site of page files (not the e-book, not one single page)."""
    return bool(app.config.workshop_offline) and app.builder.name in ("html", "dirhtml")


def offer_worker_sources(app: Sphinx, config) -> None:
    """At config-inited, once every extension has registered its events."""
    try:
        app.connect("csp-worker-sources", worker_sources)
    except ExtensionError:  # no extension asks for worker sources
        pass


def worker_sources(app: Sphinx) -> list[str]:
    return ["'self'"] if wanted(app) else []


# --- the pages ------------------------------------------------------------------------


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Each page of an edition loads offline.js with where its edition's list
    and the worker are (relative, so that the site works under any path); the
    series home loads it only to say, offline, how old its copy is."""
    if not wanted(app):
        return
    edition = app.workshop_data.edition_of_doc(pagename)
    if edition is None and pagename != app.config.root_doc:
        return
    where = {}
    if edition is not None:
        pathto = context["pathto"]
        where = {"data-list": pathto(f"{edition.folder}/{LIST_NAME}", 1), "data-worker": pathto(WORKER, 1)}
    app.add_js_file("offline.js", defer="defer", priority=800, **where)


# --- what an edition keeps ------------------------------------------------------------------


def addresses_loaded(html: str) -> list[str]:
    """The addresses a page loads by itself: stylesheets, scripts, images, icons
    (read with lxml's parser, in C: a thousand pages are read on every build)."""
    tree = lxml.html.document_fromstring(html)
    found = [
        link.get("href") or ""
        for link in tree.iter("link")
        if LOADED_LINKS & set((link.get("rel") or "").lower().split())
    ]
    found += [element.get("src") for element in tree.iter("script", "img") if element.get("src")]
    for element in tree.iter("img", "source"):  # (every size: the browser picks one offline too)
        found += [candidate.split()[0] for candidate in (element.get("srcset") or "").split(",") if candidate.strip()]
    return found


def site_path(base: str, url: str) -> str | None:
    """`url`, written in the file at `base` (from the site's root), as a path
    from the site's root with its query (the copy is looked up by the address
    pages ask for); None for another host, an absolute path or data."""
    parts = urlsplit(url)
    if not parts.path or parts.scheme or parts.netloc or parts.path.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), parts.path))
    if path.startswith("../"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def facts_of(outdir: Path, name: str, known: dict[str, list]) -> list:
    """[time, size, digest, what it loads from the site (for a page)] of a file
    of the output folder. `known`: those of the last build, kept while the
    file's time and size are the same (a thousand pages are not read again on
    every build)."""
    found = (outdir / name).stat()
    if known.get(name, [])[:2] != [found.st_mtime_ns, found.st_size]:
        content = (outdir / name).read_bytes()
        addresses = addresses_loaded(content.decode("utf-8")) if name.endswith(".html") else []
        loads = sorted({path for url in addresses if (path := site_path(name, url))})
        known[name] = [found.st_mtime_ns, found.st_size, hashlib.sha256(content).hexdigest(), loads]
    return known[name]


def loaded_by(outdir: Path, page: str, styles: dict[str, set[str]], known: dict[str, list]) -> set[str]:
    """`styles`: what each stylesheet loads (fonts, images), kept from one page to the next."""
    files = set(facts_of(outdir, page, known)[3])
    for stylesheet in [f for f in files if f.split("?")[0].endswith(".css")]:
        if stylesheet not in styles:
            css = outdir / stylesheet.split("?")[0]
            text = css.read_text(encoding="utf-8") if css.is_file() else ""
            styles[stylesheet] = {path for m in CSS_URL.finditer(text) if (path := site_path(stylesheet, m["url"]))}
        files |= styles[stylesheet]
    return files


def kept_files(outdir: Path, folder: str, home: str, known: dict[str, list]) -> list[str]:
    """The edition's pages, the series home, and what they load that the site has."""
    pages = sorted(p.relative_to(outdir).as_posix() for p in (outdir / folder).rglob("*.html"))
    pages.append(home)
    styles: dict[str, set[str]] = {}
    loaded = set().union(*(loaded_by(outdir, page, styles, known) for page in pages))
    files = [f for f in sorted(loaded) if (outdir / f.split("?")[0]).is_file()]
    return [f for f in pages + files if not f.split("?")[0].lower().endswith(NEVER_KEPT)]


def edition_list(outdir: Path, folder: str, home: str, known: dict[str, list]) -> dict:
    """The list of the edition's copy, named by a digest of every file's name and content."""
    files = kept_files(outdir, folder, home, known)
    digest = hashlib.sha256()
    size = 0
    for name in files:
        _, file_size, file_digest, _ = facts_of(outdir, name.split("?")[0], known)
        digest.update(f"\0{name}\0{file_digest}".encode())
        size += file_size
    return {"edition": folder, "version": digest.hexdigest()[:16], "bytes": size, "files": files}


def write_list(target: Path, kept: dict) -> None:
    """Unchanged files keep their list as it was, with the time of the build
    that made them: the copy's age is that of what it holds."""
    if target.is_file():
        try:
            earlier = json.loads(target.read_text(encoding="utf-8"))
        except ValueError:
            earlier = {}
        if earlier.get("version") == kept["version"] and earlier.get("files") == kept["files"]:
            return
    built = build_time().replace(microsecond=0).isoformat().replace("+00:00", "Z")
    target.write_text(json.dumps({**kept, "built": built}, indent=1) + "\n", encoding="utf-8")


def publish(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished, after a good build of the site: each edition's list
    and the worker; with the setting off, the worker that retires."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    outdir = Path(app.outdir)
    if not wanted(app):
        for edition in app.workshop_data.editions:
            (outdir / edition.folder / LIST_NAME).unlink(missing_ok=True)
        copy_if_changed(HERE / "offline-worker-retired.js", outdir / WORKER)
        return
    home = app.builder.get_target_uri(app.config.root_doc)
    memory = Path(app.doctreedir) / "offline-files.json"
    known = json.loads(memory.read_text(encoding="utf-8")) if memory.is_file() else {}
    listed: set[str] = set()
    for edition in app.workshop_data.editions:
        if (outdir / edition.folder).is_dir():
            kept = edition_list(outdir, edition.folder, home or "index.html", known)
            write_list(outdir / edition.folder / LIST_NAME, kept)
            listed |= {name.split("?")[0] for name in kept["files"]}
    # (what the lists hold, each file looked at above: no second look at every file the memory names)
    memory.write_text(json.dumps({name: known[name] for name in sorted(listed)}), encoding="utf-8")
    copy_if_changed(HERE / WORKER, outdir / WORKER)


def copy_if_changed(source: Path, target: Path) -> None:
    if not target.is_file() or target.read_bytes() != source.read_bytes():
        shutil.copyfile(source, target)
