"""Widgets in a real browser: JupyterLab 4 in headless Chromium, driven by Playwright.

A slider's Java callback redraws an image; the notebook-01 playground trains while ▶ plays; an
input prompt takes a typed answer. The round trip from a slider move to the redrawn chart is
measured (printed, and written to kernel/target/widgets-latency.json; a benchmark, not a timed
assertion). Screenshots go to kernel/target/widgets-*.png.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from harness import KERNEL_NAME, REPO, SPEC, TARGET, free_port

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
pytestmark = pytest.mark.skipif(KERNEL_NAME == "python3", reason="Java widgets")

CHROMIUM = "/usr/bin/chromium"
JUPYTER_LAB = Path(sys.executable).parent / "jupyter-lab"

SLIDER_CELL = """\
IntSlider freq = new IntSlider("frequency", 1, 40, 1);
Image chart = new Image().width(320);
Label calls = new Label("no callback yet");
var callbacks = new java.util.concurrent.atomic.AtomicInteger();
java.util.function.IntConsumer draw = f -> {
    double[] y = new double[60];
    for (int i = 0; i < y.length; i++) y[i] = Math.sin(f * i / 20.0);
    chart.show(Plots.line(y).title("sin(" + f + "x)").size(320, 200).toImage());
    calls.setValue("callback " + callbacks.incrementAndGet() + ": frequency " + f);
};
freq.onChange(f -> draw.accept(f));
draw.accept(1);
new VBox(freq, chart, calls)"""

STDIN_CELL = """\
System.out.print("Your name? ");
String name = new Scanner(System.in).nextLine();
System.out.println("hello " + name + "!");"""


def playground_cell() -> str:
    nb = json.loads((REPO / "notebooks" / "01-linear-to-neural.ipynb").read_text())
    [cell] = [c for c in nb["cells"] if c.get("id") == "widgets-playground"]
    return "".join(cell["source"])


def write_notebook(path: Path) -> None:
    cells = [SLIDER_CELL, playground_cell(), STDIN_CELL]
    nb = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": KERNEL_NAME, "display_name": SPEC.display_name,
                                    "language": SPEC.language}},
        "cells": [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None,
                   "outputs": [], "source": src} for i, src in enumerate(cells)],
    }
    path.write_text(json.dumps(nb))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not JUPYTER_LAB.exists():
        pytest.skip(f"{JUPYTER_LAB} is missing (the project venv has JupyterLab)")
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "nb"
    root.mkdir()
    write_notebook(root / "widgets.ipynb")
    port, token = free_port(), secrets.token_hex(16)
    env = os.environ.copy()
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(tmp / "config")
    # Every cell rendered (no windowing), so that cells scrolled out of view keep their widgets.
    settings = tmp / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp / "settings")
    cmd = [str(JUPYTER_LAB), "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp / "lab.log", "w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base, token
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def page(lab, tmp_path_factory):
    base, token = lab
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            viewport={"width": 1400, "height": 1000})
        pg = browser.new_page()
        pg.set_default_timeout(120_000)
        pg.goto(f"{base}/lab/tree/widgets.ipynb?token={token}")
        pg.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')")
        # Wait for the kernel, then run every cell (the last one waits for keyboard input).
        pg.get_by_text("Java (Crema) | Idle").wait_for(timeout=180_000)
        first_prompt = pg.locator(".jp-Cell").first.locator(".jp-InputPrompt")
        for _ in range(10):
            # Not awaited: the command's promise ends with the last cell, which waits for input.
            pg.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            try:
                pg.wait_for_function(
                    "el => !el.textContent.includes('[ ]')", arg=first_prompt.element_handle(),
                    timeout=10_000)
                break
            except playwright.Error:
                continue
        yield pg
        browser.close()


def shot(page, name: str) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(TARGET / f"widgets-{name}.png"))


def test_slider_runs_the_java_callback_and_redraws_the_image(page):
    cell = page.locator(".jp-Cell").nth(0)
    try:
        cell.locator(".widget-image").wait_for(state="attached", timeout=180_000)
    except Exception:
        shot(page, "failed")
        (TARGET / "widgets-failed.html").write_text(page.content())
        raise
    cell.scroll_into_view_if_needed()
    cell.get_by_text("callback 1: frequency 1").wait_for(timeout=180_000)
    img = cell.locator(".widget-image")
    before = img.get_attribute("src")
    # The round trip, measured in the page: key press on the slider -> new image on screen.
    page.evaluate("""() => {
        const img = document.querySelector('.jp-Cell .widget-image');
        window.__changes = [];
        new MutationObserver(() => window.__changes.push(performance.now()))
            .observe(img, {attributes: true, attributeFilter: ['src']});
    }""")
    # The last cell asks for keyboard input, and JupyterLab moves the focus to that prompt when
    # the request arrives: wait for it first, then give every key press to the slider itself.
    page.locator("input.jp-Stdin-input").wait_for(state="attached", timeout=300_000)
    handle = cell.locator(".noUi-handle")
    trips = []
    for i in range(8):
        handle.focus()
        n = page.evaluate("window.__changes.length")
        t0 = page.evaluate("performance.now()")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"window.__changes.length > {n}", timeout=30_000)
        trips.append(page.evaluate(f"window.__changes[{n}]") - t0)
        time.sleep(0.15)
    cell.get_by_text("frequency 9").wait_for(timeout=30_000)
    assert img.get_attribute("src") != before
    shot(page, "slider")
    load = os.getloadavg()[0]
    result = {"round_trip_ms": trips, "median_ms": statistics.median(trips), "load": load}
    (TARGET / "widgets-latency.json").write_text(json.dumps(result, indent=1))
    print(f"\nslider -> redrawn chart: median {statistics.median(trips):.0f} ms, "
          f"min {min(trips):.0f} ms, max {max(trips):.0f} ms (load {load:.1f})")


def test_play_trains_the_playground_and_the_boundary_changes(page):
    cell = page.locator(".jp-Cell").nth(1)
    cell.locator(".widget-play").wait_for(state="attached", timeout=300_000)
    cell.locator(".widget-play").scroll_into_view_if_needed()
    cell.get_by_text("epoch 5 ").first.wait_for(timeout=300_000)
    boundary = cell.locator(".widget-image").first
    before = boundary.get_attribute("src")
    cell.locator(".widget-play button").first.click()     # ▶
    cell.get_by_text("epoch 8 ").first.wait_for(timeout=120_000)
    cell.locator(".widget-play button").nth(1).click()   # pause
    assert boundary.get_attribute("src") != before
    shot(page, "playground")


def test_typed_answer_reaches_system_in(page):
    cell = page.locator(".jp-Cell").nth(2)
    box = cell.locator("input.jp-Stdin-input")
    box.wait_for(timeout=300_000)
    box.fill("Ada")
    box.press("Enter")
    cell.locator(".jp-OutputArea-output", has_text="hello Ada!").wait_for(timeout=60_000)
    shot(page, "stdin")
