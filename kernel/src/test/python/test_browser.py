"""A real browser: headless Chromium (driven by Selenium and chromedriver, both from Debian) runs
a cell through the Jupyter Notebook UI, and its output must appear on the page.

The screenshot is kept as evidence in kernel/target/browser-run-cell.png.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest
from harness import KERNEL_NAME, SPEC, TARGET, S, free_port, reap

selenium = pytest.importorskip(
    "selenium", reason="python3-selenium is not installed (install/packages-test.txt lists it)"
)
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def write_notebook(path) -> None:
    nb = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": KERNEL_NAME, "display_name": SPEC.display_name,
                                    "language": SPEC.language}},
        "cells": [{"cell_type": "code", "id": "browser-cell", "metadata": {},
                   "execution_count": None, "outputs": [], "source": S.browser_cell}],
    }
    path.write_text(json.dumps(nb))


@pytest.fixture
def notebook_server(tmp_path):
    if not shutil.which("jupyter-notebook"):
        pytest.skip("jupyter-notebook is not installed")
    port, token = free_port(), secrets.token_hex(16)
    root = tmp_path / "nb"
    root.mkdir()
    write_notebook(root / "browser.ipynb")
    env = os.environ.copy()
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    cmd = ["/usr/bin/python3", "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--port-retries=0", f"--NotebookApp.token={token}", f"--notebook-dir={root}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp_path / "notebook.log", "w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the notebook server did not start:\n"
                            + (tmp_path / "notebook.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base, token
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            pass
        reap(env["JUPYTER_RUNTIME_DIR"])  # the kernel and its user VM
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except OSError:
            pass
        log.close()


@pytest.fixture
def browser(tmp_path):
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("Debian chromium and chromium-driver are not installed")
    profile = tmp_path / "chromium-profile"
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--window-size=1280,900", f"--user-data-dir={profile}"]:
        opts.add_argument(a)
    service = webdriver.chrome.service.Service(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=opts)
    try:
        yield driver
    finally:
        try:
            driver.quit()
        finally:
            reap(str(profile))


def test_run_cell_in_browser(notebook_server, browser):
    base, token = notebook_server
    browser.set_page_load_timeout(120)
    browser.get(f"{base}/notebooks/browser.ipynb?token={token}")
    wait = WebDriverWait(browser, 180, poll_frequency=0.5)
    # The page has loaded and its kernel is connected and idle.
    wait.until(lambda d: d.execute_script(
        "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
        " && Jupyter.notebook.kernel.is_connected()"
        " && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'))"))
    # Run the cell through the UI: click into it, press Shift+Enter.
    cell = browser.find_element(By.CSS_SELECTOR, ".cell.code_cell .input_area")
    cell.click()
    webdriver.ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(
        Keys.SHIFT).perform()
    try:
        wait.until(lambda d: S.browser_expect in d.find_element(
            By.CSS_SELECTOR, ".cell.code_cell .output_area").text)
    finally:
        TARGET.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(TARGET / "browser-run-cell.png"))
    prompt = browser.find_element(By.CSS_SELECTOR, ".cell.code_cell .input_prompt").text
    assert "[1]" in prompt, f"the input prompt shows {prompt!r}, not an execution count"
