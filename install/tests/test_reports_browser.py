"""A real browser opens two executed course reports, the CNN hands-on and the gallery of every
visualisation (install/run_notebooks.py writes them; `make test` runs it first), and checks that
every image loads and that the formulas were typeset by the offline MathJax. The browser is
Debian's headless Chromium driven by Playwright (from .venv; it downloads no browser).
Screenshots are kept in target/reports/screenshot-*.png."""
import os
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "kernel" / "src" / "test" / "python"))
from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright is not installed (install/requirements-test.txt)")

REPORTS = REPO / "target" / "reports"
# (report, whether it has formulas)
REPORTS_TO_OPEN = [("03-hands-on-2-cnn", True), ("11-visualisation-gallery", False)]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (install/packages-test.txt)")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS + ["--allow-file-access-from-files"],
            viewport={"width": 1200, "height": 2400})
        yield context.new_page()
        context.close()


@pytest.mark.parametrize("name,has_math", REPORTS_TO_OPEN)
def test_report_images_and_formulas_render(page, name, has_math):
    report = REPORTS / f"{name}.html"
    if not report.exists():
        pytest.skip(f"{report} does not exist: run `make reports` (make test does) first")
    page.goto(report.as_uri())
    deadline = time.monotonic() + 60
    typeset = 0
    while has_math and time.monotonic() < deadline:
        typeset = page.evaluate(
            "document.querySelectorAll('.MathJax_CHTML, .mjx-chtml, .MathJax_Display').length")
        if typeset:
            break
        time.sleep(0.5)
    images = page.evaluate(
        "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.src.slice(0, 30)])")
    page.screenshot(path=str(REPORTS / f"screenshot-{name}.png"))
    assert typeset > 0 or not has_math, f"{name}: MathJax typeset no formula (is libjs-mathjax installed?)"
    assert images, f"{name}: the report has no images"
    broken = [src for complete, width, src in images if not complete or width == 0]
    assert not broken, f"{name}: {len(broken)} of {len(images)} images did not load: {broken[:3]}"
    # No request left the machine: every resource is a file or a data: URI.
    remote = page.evaluate(
        "performance.getEntriesByType('resource').map(r => r.name).filter(n => /^https?:/.test(n))")
    assert not remote, f"{name}: the report fetched {remote[:3]}"


def test_report_shows_the_playground_widgets_last_state(page):
    """The playground of notebook 01 in its report: the widget renderer next to the report draws
    the controls and the images the kernel last sent (no kernel, no network), without an error."""
    report = REPORTS / "01-linear-to-neural.html"
    if not report.exists():
        pytest.skip(f"{report} does not exist: run `make reports` (make test does) first")
    assert (REPORTS / "widgets" / "embed.js").exists(), \
        "target/reports/widgets/embed.js is missing (install/report-widgets.sh)"
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(report.as_uri())
    deadline = time.monotonic() + 60
    state = {}
    while time.monotonic() < deadline:
        state = page.evaluate("""() => ({
            sliders: document.querySelectorAll('.widget-slider, .jupyter-widgets.widget-inline-hbox').length,
            images: Array.from(document.querySelectorAll('.jupyter-widgets img, img.widget-image'))
                        .filter(i => i.complete && i.naturalWidth > 0).length,
            labels: Array.from(document.querySelectorAll('.widget-label-basic, .widget-label'))
                        .map(e => e.textContent).join(' | ')})""")
        if state["sliders"] and state["images"] >= 3:
            break
        time.sleep(0.5)
    page.screenshot(path=str(REPORTS / "screenshot-01-widgets.png"), full_page=True)
    assert state.get("sliders"), f"no widget was rendered in the report: {state}"
    assert state.get("images", 0) >= 3, f"the playground's images did not render: {state}"
    assert not errors, f"the report raised errors: {errors[:3]}"
    remote = page.evaluate(
        "performance.getEntriesByType('resource').map(r => r.name).filter(n => /^https?:/.test(n))")
    assert not remote, f"the report fetched {remote[:3]}"
