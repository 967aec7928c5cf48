"""`make serve`: a live preview that never shows a broken or half-built site.

    python scripts/serve.py [--port 8000]

Builds the site as `make html` does (scripts/build.py), into _build/preview,
serves _build/preview/html on 127.0.0.1, and builds again on every edit of a
page, the data or the extension (watchfiles). While a build fails, every
page shows the build's located mistakes (`path:line: message`) instead of a
stale page; the last good site stays in _build/preview/html. Pages reload by
themselves after each build (a same-origin script, allowed by each page's
Content-Security-Policy, asks the server for the build number).
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path

import watchfiles

ROOT = Path(__file__).resolve().parent.parent
PREVIEW = ROOT / "_build" / "preview"
IGNORED = {"_build", ".venv", "node_modules", "__pycache__", ".pytest_cache", "test-results", ".git", ".ruff_cache"}
COLOURS = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # (Sphinx colours its messages in a terminal, and in CI)
LOCATED = re.compile(r"^(?P<where>[^\s:][^:]*:\d+): (?:ERROR|WARNING): (?P<message>.*?)(?: \[[\w.]+\])?$")
RELOAD_JS = """// Reloads the page after each build of the preview.
let seen = null;
setInterval(async () => {
  try {
    const build = await (await fetch("/_preview/build", { cache: "no-store" })).text();
    if (seen !== null && build !== seen) location.reload();
    seen = build;
  } catch (error) { /* the server is restarting */ }
}, 1000);
"""


class Preview:
    """The state of the preview: the number of the latest build, and its mistakes."""

    def __init__(self, port: int):
        self.port = port
        self.build = 0
        self.mistakes: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def rebuild(self) -> None:
        # A preview shows a change as the next version, and records none (workshop/recording.py).
        command = [sys.executable, str(ROOT / "scripts" / "build.py"), str(ROOT), str(PREVIEW), "--preview"]
        command += ["-D", "workshop_versions=show"]
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        mistakes = []
        if result.returncode != 0:
            for line in COLOURS.sub("", result.stderr).splitlines():
                match = LOCATED.match(line.strip())
                if match:
                    mistakes.append((match["where"], match["message"]))
            mistakes = mistakes or [("", line) for line in COLOURS.sub("", result.stderr).strip().splitlines()[-5:]]
        with self.lock:
            self.mistakes = mistakes
            self.build += 1
        print(
            f"Serving on http://127.0.0.1:{self.port}" + (" (showing the mistakes above)" if mistakes else ""),
            flush=True,
        )


def error_page(mistakes: list[tuple[str, str]]) -> bytes:
    items = "\n".join(
        f"<li><code>{html.escape(where)}</code> {html.escape(message)}</li>"
        if where
        else f"<li>{html.escape(message)}</li>"
        for where, message in mistakes
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The build failed</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem">
<h1>The build failed</h1>
<p>Fix these, and this page reloads with the site. <code>_build/preview/html</code> still holds the last good build.</p>
<ul class="ws-build-mistakes">
{items}
</ul>
<script src="/_preview/reload.js"></script>
</body></html>
""".encode()


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, preview: Preview, **kwargs):
        self.preview = preview
        super().__init__(*args, directory=str(PREVIEW / "html"), **kwargs)

    def log_message(self, *args) -> None:
        pass

    def send_bytes(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        with self.preview.lock:
            build, mistakes = self.preview.build, list(self.preview.mistakes)
        if path == "/_preview/build":
            return self.send_bytes(str(build).encode(), "text/plain")
        if path == "/_preview/reload.js":
            return self.send_bytes(RELOAD_JS.encode(), "text/javascript")
        page = path.endswith((".html", "/"))
        if page and mistakes:
            return self.send_bytes(error_page(mistakes), "text/html; charset=utf-8", 500)
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        if page and target.is_file():
            text = target.read_bytes().replace(b"</body>", b'<script src="/_preview/reload.js"></script></body>', 1)
            return self.send_bytes(text, "text/html; charset=utf-8")
        return super().do_GET()


def watched(change, path: str) -> bool:
    return not IGNORED.intersection(Path(path).relative_to(ROOT).parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    preview = Preview(parser.parse_args().port)
    try:  # the port first: a busy one is said at once, not after a whole build
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", preview.port), functools.partial(Handler, preview=preview)
        )
    except OSError as error:
        print(
            f"make serve: port {preview.port} is not free ({error.strerror}): try `make serve PORT=8001`",
            file=sys.stderr,
        )
        return 1
    started = False
    try:
        # The first build once the watcher runs (its first empty yield): an edit made as soon as the
        # site is served, or during that build, is seen and built, never lost.
        for changes in watchfiles.watch(
            ROOT, watch_filter=watched, debounce=300, rust_timeout=500, yield_on_timeout=True
        ):
            if not started:
                preview.rebuild()
                threading.Thread(target=server.serve_forever, daemon=True).start()
                started = True
            if not changes:
                continue
            names = sorted({Path(path).relative_to(ROOT).as_posix() for _, path in changes})
            print(f"Detected changes ({', '.join(names[:5])})", flush=True)
            preview.rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        if started:  # (shutdown() waits for serve_forever(), which may not have begun)
            server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
