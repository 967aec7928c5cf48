"""What a screen reader's landmark list offers, from Chromium's accessibility
tree (Playwright's aria snapshots) of the programme, a talk and a paper: a
banner with the page's buttons, a main area with the article, a contentinfo
with the site's footer, each once, and "Contents" announced once."""

from __future__ import annotations

import pytest
import yaml

playwright_api = pytest.importorskip("playwright.sync_api")

PAGES = {
    "programme": ("2021/program/index.html", "Programme 2021"),
    "talk": (
        "2021/program/soudry-keynote.html",
        "Surprises in Deep Learning Training: Symmetry, Efficiency, and Scale",
    ),
    "paper": ("2021/papers/ho2021msm.html", "MSM: Multi-stage Multicuts for Scalable Image Clustering"),
}


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", PAGES)
def test_each_landmark_holds_its_content(browser, server, kind, width):
    address, title = PAGES[kind]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(server.url + address, wait_until="networkidle")
    roles = {role: page.get_by_role(role) for role in ("banner", "main", "contentinfo")}
    counts = {role: found.count() for role, found in roles.items()}
    banner, main, contentinfo = (found.first.aria_snapshot() for found in roles.values())
    everything = page.locator("body").aria_snapshot()
    context.close()
    assert counts == {"banner": 1, "main": 1, "contentinfo": 1}
    # The banner: the page's buttons (the theme's was an empty <header>).
    assert 'button "Color mode"' in banner and "Toggle primary sidebar" in banner
    # Main: the article, from its title on; no buttons of the theme, no site footer.
    (landmark,) = yaml.safe_load(main)  # (a snapshot is YAML)
    assert landmark["main"][0]["article"][0] == f'heading "{title}" [level=1]'

    assert "Color mode" not in main and "Copyright" not in main
    # The site's footer is the contentinfo (it was inside main, and the contentinfo empty).
    assert "By MLHPCS organizing committee" in contentinfo and "Copyright" in contentinfo
    # "Contents" once: as the name of the contents list's navigation, where a
    # page has one (on a phone the list opens from a button).
    if kind == "paper" and width > 1000:
        assert everything.count("Contents") == 1 and 'navigation "Contents"' in everything
    elif kind != "paper":
        assert "Contents" not in everything
