"""Ready for hosting and sharing: sitemap, robots.txt, 404 page, OpenGraph,
descriptions, print, live preview, deploy configurations."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from browser import SiteServer, site_pages
from conftest import ROOT, copy_project

BASE = "https://mlhpcs.org/"
NOT_LISTED = {"search.html", "404.html"}


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_sitemap_lists_every_page_with_the_base_url(site):
    doc = etree.parse(str(site / "sitemap.xml"))
    urls = [loc.text for loc in doc.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert sorted(urls) == sorted(BASE + page for page in site_pages(site) if page not in NOT_LISTED)


def test_robots_txt_points_at_the_sitemap(site):
    assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


@pytest.mark.parametrize(
    "page",
    ["index.html", "2020/program/index.html", "2020/papers/herron2020ensembles.html", "2021/cfp.html", "people.html"],
)
def test_opengraph_and_description_on_the_page(site, page):
    html = soup(site, page)

    def meta(attribute, name):
        found = html.select(f'meta[{attribute}="{name}"]')
        assert len(found) == 1, name
        return found[0]["content"]

    assert meta("property", "og:url") == BASE + page
    assert meta("property", "og:image") == BASE + "_static/mlhpcs-social.jpg"
    assert (site / "_static" / "mlhpcs-social.jpg").is_file()
    assert meta("property", "og:title") == html.select_one("article h1").get_text(strip=True).rstrip("#¶")
    assert len(meta("property", "og:description")) > 50
    assert len(meta("name", "description")) > 50
    assert meta("name", "twitter:card") == "summary_large_image"
    assert html.select_one('link[rel="canonical"]')["href"] == BASE + page


def test_every_page_has_absolute_opengraph_urls_and_a_description(site):
    for page in site_pages(site):
        html = soup(site, page)
        for tag in html.select('meta[property="og:url"], meta[property="og:image"]'):
            assert tag["content"].startswith(BASE), (page, tag)
        if page not in NOT_LISTED:
            assert html.select_one('meta[name="description"]')["content"].strip(), page


def test_no_page_has_an_ad_slot(site):
    """The theme adds a Read the Docs ad placement to every page; on Read the
    Docs hosting it would load third-party ads."""
    for page in site_pages(site):
        assert "ethical-ad" not in (site / page).read_text(encoding="utf-8"), page


def test_no_theme_file_that_no_page_loads_is_published(site):
    """The theme's static folders hold translations, source maps, an icon script
    and fonts, notebook logos and Jinja fragments: about 6 MB in 110 files that no
    page loads. (What pages do load is checked by the link crawl and in Chromium.)"""
    static = site / "_static"
    published = {path.relative_to(static).as_posix() for path in static.rglob("*")}
    unused = [
        path
        for path in published
        if path.startswith(("locales", "vendor", "images"))
        or path.endswith((".map", "webpack-macros.html"))
        or "fontawesome" in path
        or path == "styles/theme.css"  # only an @import of basic.css, which pages link directly
        or path.startswith("scripts/bootstrap.js")  # Bootstrap and Popper: lean-book-theme.js does their part
    ]
    assert unused == []
    loaded = {"scripts/lean-book-theme.js", "scripts/pydata-sphinx-theme.js", "scripts/sphinx-book-theme.js"}
    assert loaded | {"basic.css", "styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css"} <= published
    assert sum(path.stat().st_size for path in static.rglob("*")) < 1_000_000


def test_favicon(site):
    assert soup(site, "index.html").select_one('link[rel="icon"]')["href"] == "_static/favicon.ico"
    assert (site / "_static" / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_404_page_works_at_any_depth(site, browser):
    with SiteServer(site) as server:
        page = browser.new_page()
        failed = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.url.endswith(".css") else None)
        response = page.goto(server.url + "2022/program/talks/no-such-page.html", wait_until="networkidle")
        assert response.status == 404
        assert page.locator("article h1").inner_text().startswith("Page not found")
        assert failed == []
        assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
        page.locator("article a", has_text="Programmes").click()
        page.wait_for_url(server.url + "program/index.html")
        page.close()


def pdf_text(browser, url: str) -> str:
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(url, wait_until="networkidle")
    pdf = page.pdf(format="A4", print_background=False)
    page.close()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)  # the PDF's ligatures (ﬀ) as letters


def test_programme_and_paper_pages_print_cleanly(site, browser):
    with SiteServer(site) as server:
        programme = pdf_text(browser, server.url + "2020/program/index.html")
        paper = pdf_text(browser, server.url + "2020/papers/rombach2020smartpred.html")
        programme_2021 = pdf_text(browser, server.url + "2021/program/index.html")
    flat = re.sub(r"\s+", " ", programme)
    for talk in ("Get Together - HPC, Big Data, and Machine Learning", "Live Q&A", "time not announced"):
        assert talk in flat
    flat_2021 = re.sub(r"\s+", " ", programme_2021)
    for talk in (
        "Surprises in Deep Learning Training",
        "Closing Discussions",
        "18:15, end not announced",  # (on paper, the zone is said once, above the table)
    ):
        assert talk in flat_2021
    for text in (programme, paper, programme_2021):
        flat_text = re.sub(r"\s+", " ", text)
        for navigation in (
            "Skip to main content",
            "Call for papers 2020",
            "People",
            "Committees",
            "Previous",
            "Ctrl",
            "online workshop: recordings",
            "Play the recording here",
            "Also show times",
        ):
            assert navigation not in flat_text
    flat_paper = re.sub(r"\s+", "", paper)  # long URLs wrap anywhere in the PDF text
    assert "https://doi.org/10.1007/978-3-030-59851-8_15" in flat_paper  # links are shown as text
    assert "video.hs-offenburg.de/media/embed?key=3dfb82d95aa9e53f85add7596a84b0a1" in flat_paper
    assert "Opentherecording" not in flat_paper  # the player is not printed, its address is
    assert "@inproceedings{rombach2020smartpred," in flat_paper


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def fetch_any(url: str) -> tuple[int, str]:
    """(status, body), also for an error status."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def line_of_text(path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def wait_for(condition, seconds: float, what: str, log: Path | None = None):
    """`log`: a file whose last lines the failure shows (what the server said)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except OSError:
            pass
        time.sleep(0.5)
    said = "\n".join(log.read_text(errors="replace").splitlines()[-15:]) if log else ""
    pytest.fail(f"timed out waiting for {what}" + (f"; the server said:\n{said}" if said else ""))


def make_as_a_user_runs_it() -> dict[str, str]:
    """The environment of a shell, not of the `make test` that runs these tests:
    a nested make prints "make[1]:" and passes its flags on."""
    return {name: value for name, value in os.environ.items() if name not in {"MAKELEVEL", "MAKEFLAGS", "MFLAGS"}}


def test_make_serve_previews_and_rebuilds_after_an_edit(tmp_path):
    project = copy_project(tmp_path / "site")
    for name in ("Makefile", "requirements.txt"):  # (the .venv of this checkout is reused: copied with their
        shutil.copy2(ROOT / name, project / name)  # times, so that make does not install it again)
    port = free_port()
    said = tmp_path / "serve.log"
    log = said.open("w")
    server = subprocess.Popen(
        ["make", "serve", f"PORT={port}", f"VENV={ROOT / '.venv'}"],
        cwd=project,
        env=make_as_a_user_runs_it(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        home = wait_for(lambda: fetch(f"http://127.0.0.1:{port}/index.html"), 120, "the preview server", said)
        assert "Machine Learning on HPC Systems" in home
        edition = project / "2020" / "program" / "schedule.yaml"
        edition.write_text(edition.read_text().replace("name: Fabio Stella", "name: Fabio Stella-Edited"))
        wait_for(
            lambda: "Fabio Stella-Edited" in fetch(f"http://127.0.0.1:{port}/2020/committee.html"),
            120,  # (CI machines are noisy: the test waits, a reader would see it sooner)
            "the rebuild after an edit",
            said,
        )
        html = project / "_build" / "preview"
        time.sleep(3)  # let that build finish
        stamps = {p: p.stat().st_mtime for p in html.rglob("*.html")}
        build = fetch(f"http://127.0.0.1:{port}/_preview/build")
        time.sleep(5)  # no edit: no rebuild (the files a build writes must not trigger one)
        assert {p: p.stat().st_mtime for p in html.rglob("*.html")} == stamps
        assert fetch(f"http://127.0.0.1:{port}/_preview/build") == build
        # Each page reloads itself after a build, with a script of the preview's own origin.
        assert '<script src="/_preview/reload.js"></script></body>' in fetch(f"http://127.0.0.1:{port}/index.html")

        # A data mistake: the browser shows it, located, in place of any page.
        good = (html / "html" / "2021" / "program" / "index.html").read_bytes()
        programme = project / "2021" / "program" / "schedule.yaml"
        programme.write_text(programme.read_text().replace('start: "14:15"', 'start: "25:00"'))
        status, page = wait_for(
            lambda: (r := fetch_any(f"http://127.0.0.1:{port}/2021/program/index.html"))[0] == 500 and r,
            120,
            "the mistake in the browser",
            said,
        )
        mistakes = BeautifulSoup(page, "html.parser").select(".ws-build-mistakes li")
        assert [li.get_text(" ", strip=True) for li in mistakes] == [
            f"2021/program/schedule.yaml:{line_of_text(programme, '25:00')} "
            "start '25:00' is not a time like 14:30 (or TBA)"
        ]
        assert (html / "html" / "2021" / "program" / "index.html").read_bytes() == good  # the last good site, kept
        programme.write_text(programme.read_text().replace('start: "25:00"', 'start: "14:15"'))
        wait_for(lambda: fetch_any(f"http://127.0.0.1:{port}/2021/program/index.html")[0] == 200, 120, "the fix", said)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        log.close()
    said = (tmp_path / "serve.log").read_text()
    assert "Detected changes (2020/program/schedule.yaml)" in said
    # The preview is no site to upload: it never says so.
    assert "The preview is up to date." in said and "safe to upload" not in said


def test_make_serve_on_a_busy_port_says_so_in_one_line_before_building(tmp_path):
    project = copy_project(tmp_path / "site")
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(ROOT / name, project / name)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            ["make", "-s", "serve", f"PORT={port}", f"VENV={ROOT / '.venv'}"],
            cwd=project,
            env=make_as_a_user_runs_it(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    said = [line for line in result.stderr.splitlines() if not line.startswith("make:")]
    assert said == [f"make serve: port {port} is not free (Address already in use): try `make serve PORT=8001`"]
    assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "_build" / "preview").exists()  # nothing was built


def test_deploy_configurations_build_with_the_makefile():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["build-and-test"]["steps"]
    runs = [s.get("run") for s in steps if "run" in s]
    assert runs[1:] == ["make latexpdf", "make html", "make test"]
    assert "texlive-luatex" in runs[0] and "epubcheck" in runs[0]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build-and-test"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    rtd = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert rtd["build"]["commands"][:3] == ["make latexpdf", "make epub", "make html"]
    assert "texlive-luatex" in rtd["build"]["apt_packages"]
    bot = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert all(update["cooldown"]["default-days"] >= 7 for update in bot["updates"])


def test_the_site_is_built_again_twice_a_day_and_published():
    """A held announcement, a closed call and an edition that is over appear on their day without
    JavaScript only if the site is built again on that day: just after a day begins in Europe, and
    just after a day has ended anywhere on earth (the end of an AoE deadline, 12:00 UTC)."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    triggers = workflow[True]  # (YAML 1.1 reads the key "on" as true)
    assert triggers["schedule"] == [{"cron": "5 0,12 * * *"}]
    # A scheduled run is on main, and is published as a push is: no condition leaves it out.
    condition = workflow["jobs"]["deploy"]["if"]
    assert "schedule" not in condition and "github.ref == 'refs/heads/main'" in condition
    rtd = workflow["jobs"]["read-the-docs"]
    assert rtd["if"] == "github.event_name == 'schedule'"
    (step,) = rtd["steps"]
    assert "curl --fail" in step["run"] and '-d "branches=main"' in step["run"]


def test_code_is_clean_under_ruff():
    ruff = ROOT / ".venv" / "bin" / "ruff"
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run([str(ruff), *command], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_runs_ruff_and_the_data_check():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "workshop-data", "trailing-whitespace", "check-yaml", "check-toml"} <= set(
        hooks
    )
    assert hooks["workshop-data"]["entry"] == "make check-data"


def test_make_help_lists_every_documented_target():
    result = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True)
    listed = set(re.findall(r"make (\S+)", result.stdout))
    assert {"html", "test", "check", "check-data", "serve", "linkcheck", "bench", "lock", "clean"} <= listed
    assert {"dirhtml", "singlehtml", "text", "epub", "latexpdf"} <= listed
    assert urlsplit(BASE).path == "/"


def test_every_page_has_a_strict_content_security_policy_before_any_script(site):
    for page in site_pages(site):
        html = (site / page).read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', head)
        assert meta, page
        assert meta.start() < head.index("<script") and meta.start() < head.index("<style"), page
        policy = dict(d.strip().split(" ", 1) for d in meta.group(1).split(";"))
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'", page
        assert policy["base-uri"] == "'self'" and policy["frame-src"] == "https://video.hs-offenburg.de", page
        for directive in ("script-src", "style-src"):
            assert (
                "unsafe" not in policy[directive]
                and "*" not in policy[directive]
                and ":" not in policy[directive].replace("'sha256-", "")
            ), page
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*ld\+json)[^>]*>", html)
        assert len(inline) == policy["script-src"].count("sha256-"), page  # each inline script by its hash


def test_headers_file_carries_the_policy_for_hosts_that_read_one(site):
    lines = (site / "_headers").read_text().splitlines()
    assert lines[0] == "/*"
    headers = dict(line.strip().split(": ", 1) for line in lines[1:])
    policy = headers["Content-Security-Policy"]
    assert policy == "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    assert headers["X-Content-Type-Options"] == "nosniff"
