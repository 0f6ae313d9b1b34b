"""A real browser opens two executed course reports, the CNN hands-on and the gallery of every
visualisation (install/run_notebooks.py writes them; `make test` runs it first), and checks that
every image loads and that the formulas were typeset by the offline MathJax. Screenshots are kept
in target/reports/screenshot-*.png."""
import shutil
import time
from pathlib import Path

import pytest

selenium = pytest.importorskip("selenium", reason="python3-selenium is not installed (install/packages-test.txt)")
from selenium import webdriver  # noqa: E402

REPORTS = Path(__file__).resolve().parents[2] / "target" / "reports"
# (report, whether it has formulas)
REPORTS_TO_OPEN = [("03-hands-on-2-cnn", True), ("11-visualisation-gallery", False)]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        pytest.skip("chromium and chromium-driver are not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--allow-file-access-from-files", "--window-size=1200,2400",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    from selenium.webdriver.chrome.service import Service
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


@pytest.mark.parametrize("name,has_math", REPORTS_TO_OPEN)
def test_report_images_and_formulas_render(browser, name, has_math):
    report = REPORTS / f"{name}.html"
    if not report.exists():
        pytest.skip(f"{report} does not exist: run `make reports` (make test does) first")
    browser.get(report.as_uri())
    deadline = time.monotonic() + 60
    typeset = 0
    while has_math and time.monotonic() < deadline:
        typeset = browser.execute_script(
            "return document.querySelectorAll('.MathJax_CHTML, .mjx-chtml, .MathJax_Display').length")
        if typeset:
            break
        time.sleep(0.5)
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.src.slice(0, 30)])")
    browser.save_screenshot(str(REPORTS / f"screenshot-{name}.png"))
    assert typeset > 0 or not has_math, f"{name}: MathJax typeset no formula (is libjs-mathjax installed?)"
    assert images, f"{name}: the report has no images"
    broken = [src for complete, width, src in images if not complete or width == 0]
    assert not broken, f"{name}: {len(broken)} of {len(images)} images did not load: {broken[:3]}"
