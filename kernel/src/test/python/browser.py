"""A Jupyter server and a real browser for the UI tests: JupyterLab 4 or Notebook 7 from the
project environment (.venv), driven through Playwright for Python in Debian's headless Chromium
(/usr/bin/chromium; Playwright downloads no browser of its own).

Each server gets a token, a free loopback port, and private runtime, settings and workspace
directories, so a test neither sees nor changes the user's Jupyter state (a theme switched in a
test stays in the test). Stopping a server reaps every process under its runtime directory: its
kernels and their user VMs.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from harness import JUPYTER, KERNEL_NAME, REPO, SPEC, free_port, reap

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
# Screenshots of every state a browser test reaches: the evidence a reviewer looks at.
SHOTS = REPO / "target" / "browser"
# Generous: a kernel start on the loaded 2-core machine can take half a minute.
UI_TIMEOUT_MS = float(os.environ.get("CREMA_TEST_UI_TIMEOUT", "120")) * 1000


def notebook_json(cells: list[str], kernel: bool = True) -> str:
    """A notebook of code cells; without ``kernel`` it names no kernel, so the UI asks for one."""
    meta = {}
    if kernel:
        meta["kernelspec"] = {"name": KERNEL_NAME, "display_name": SPEC.display_name,
                              "language": SPEC.language}
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": meta,
        "cells": [{"cell_type": "code", "id": f"cell-{i}", "metadata": {}, "execution_count": None,
                   "outputs": [], "source": src} for i, src in enumerate(cells)],
    })


class JupyterServer:
    """``jupyter lab`` or ``jupyter notebook`` (Notebook 7) on a free port, serving ``root``."""

    def __init__(self, app: str, root: Path, scratch: Path):
        self.app, self.root, self.scratch = app, root, scratch
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.runtime = scratch / "runtime"
        settings = scratch / "lab-settings"
        # No "get Jupyter news?" toast over the page, no update check (there is no network).
        news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        news.parent.mkdir(parents=True, exist_ok=True)
        news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        self.env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(self.runtime),
                        JUPYTERLAB_SETTINGS_DIR=str(settings),
                        JUPYTERLAB_WORKSPACES_DIR=str(scratch / "lab-workspaces"))
        cmd = [JUPYTER, app, "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
               "--port-retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={root}",
               # window.jupyterapp: the tests open documents through the app's own commands.
               "--LabApp.expose_app_in_browser=True",
               "--JupyterNotebookApp.expose_app_in_browser=True"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log_path = scratch / f"{app}.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + 120
        while not self._up():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"jupyter {app} did not start:\n{self.log_text()}")
            time.sleep(0.5)

    def _up(self) -> bool:
        try:
            return self.api("status") is not None
        except OSError:
            return False

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read().decode()
            return json.loads(text) if text else {}

    def url(self, path: str) -> str:
        """The page ``path`` (e.g. ``lab/tree/x.ipynb``), logged in by the token."""
        return f"{self.base}/{path}?token={self.token}"

    def write(self, name: str, cells: list[str], kernel: bool = True) -> str:
        (self.root / name).write_text(notebook_json(cells, kernel))
        return name

    def kernels(self) -> list[dict]:
        return self.api("kernels")

    def kernel_of(self, name: str) -> dict | None:
        """The kernel of the session of notebook ``name`` (id, execution_state), or None."""
        for session in self.api("sessions"):
            if session["path"] == name and session.get("kernel"):
                return session["kernel"]
        return None

    def shut_down_kernel_of(self, name: str) -> None:
        kernel = self.kernel_of(name)
        if kernel:
            try:
                self.api(f"kernels/{kernel['id']}", "DELETE")
            except OSError:
                pass

    def log_text(self) -> str:
        self.log.flush()
        return self.log_path.read_text()[-4000:]

    def stop(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=20)
                break
            except (OSError, subprocess.TimeoutExpired):
                pass
        reap(str(self.runtime))  # the kernels and their user VMs
        self.log.close()


@contextmanager
def jupyter_server(app: str, scratch: Path) -> Iterator[JupyterServer]:
    root = scratch / "notebooks"
    root.mkdir(parents=True, exist_ok=True)
    server = JupyterServer(app, root, scratch)
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def chromium(profile: Path, width: int = 1400, height: int = 1000):
    """A Playwright browser context in Debian's headless Chromium with a fresh profile."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (install/requirements-test.txt)")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (install/packages-test.txt)")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height})
        context.set_default_timeout(UI_TIMEOUT_MS)
        try:
            yield context
        finally:
            try:
                context.close()
            finally:
                reap(str(profile))


def shot(page, name: str) -> Path:
    """Saves a screenshot of the page as target/browser/<name>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


# The prompt of a cell that has run: its execution count.
RUN_PROMPT = re.compile(r"\[\d+\]:?")


class Notebook:
    """A notebook open in JupyterLab 4 or Notebook 7; both share JupyterLab's notebook DOM."""

    def __init__(self, page, server: JupyterServer, name: str):
        self.page, self.server, self.name = page, server, name

    @classmethod
    def open(cls, page, server: JupyterServer, name: str, wait_kernel: bool = True) -> "Notebook":
        """Opens notebook ``name``: in a JupyterLab page already loaded, as a new tab (no reload);
        otherwise by loading its page."""
        if server.app == "lab" and page.url.startswith(server.base + "/lab"):
            page.evaluate("async p => { await window.jupyterapp.commands.execute('docmanager:open', {path: p}); }",
                          name)
        else:
            path = f"lab/tree/{name}" if server.app == "lab" else f"notebooks/{name}"
            page.goto(server.url(path))
        nb = cls(page, server, name)
        nb.panel.locator(".jp-Notebook .jp-CodeCell").first.wait_for()
        if wait_kernel:
            nb.wait_kernel_idle()
        return nb

    @property
    def panel(self):
        # In JupyterLab the current notebook is the visible panel; Notebook 7 shows just one.
        return self.page.locator(".jp-NotebookPanel:visible").last

    @property
    def cells(self):
        return self.panel.locator(".jp-Notebook .jp-CodeCell")

    def cell(self, i: int):
        return self.cells.nth(i)

    def outputs(self, i: int):
        """The output items of cell ``i`` (one per display, stream or error)."""
        return self.cell(i).locator(".jp-OutputArea-output")

    def wait_kernel_idle(self, timeout_s: float = UI_TIMEOUT_MS / 1000) -> None:
        """Waits until the notebook's kernel is started, connected and idle: the server says so,
        and so does the page (its execution indicator)."""
        deadline = time.monotonic() + timeout_s
        while True:
            kernel = self.server.kernel_of(self.name)
            if kernel and kernel.get("execution_state") == "idle" and kernel.get("connections"):
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"the kernel of {self.name} never became idle: {kernel}")
            time.sleep(0.3)
        self.page.locator(
            ".jp-Notebook-ExecutionIndicator[data-status='idle']:visible").first.wait_for(
            timeout=max(1, deadline - time.monotonic()) * 1000)

    def run(self, i: int) -> None:
        """Runs cell ``i`` as a user does: click into its editor and press Shift+Enter."""
        self.cell(i).locator(".cm-content").click()
        self.page.keyboard.press("Shift+Enter")

    def wait_text(self, i: int, text: str | re.Pattern, timeout_s: float = UI_TIMEOUT_MS / 1000):
        """Waits until the outputs of cell ``i`` show ``text``; returns their text."""
        area = self.cell(i).locator(".jp-OutputArea")
        deadline = time.monotonic() + timeout_s
        while True:
            shown = area.inner_text() if area.count() else ""
            if (text.search(shown) if isinstance(text, re.Pattern) else text in shown):
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"cell {i} never showed {text!r}; it shows {shown[-1500:]!r}")
            time.sleep(0.2)

    def prompt(self, i: int) -> str:
        """The prompt of cell ``i`` as shown: ``[ ]:``, ``[*]:`` while it runs, ``[3]:`` once run."""
        return self.cell(i).locator(".jp-InputArea-prompt").inner_text().strip()

    def done(self, i: int) -> bool:
        """Whether cell ``i`` has run: its prompt shows a number."""
        return RUN_PROMPT.fullmatch(self.prompt(i)) is not None

    def wait_done(self, i: int, timeout_s: float = UI_TIMEOUT_MS / 1000) -> str:
        """Waits until cell ``i`` has run (its prompt shows a number); returns the prompt."""
        deadline = time.monotonic() + timeout_s
        while True:
            text = self.prompt(i)
            if RUN_PROMPT.fullmatch(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"cell {i} never finished; its prompt shows {text!r}")
            time.sleep(0.2)

    def toolbar_button(self, command: str):
        return self.panel.locator(f".jp-NotebookPanel-toolbar [data-command='{command}']").first


# --------------------------------------------------------------------------------------------
# Checks that run the same in JupyterLab 4 and Notebook 7.

# A CPU-bound loop that only an interrupt ends; the variables of the cell before it survive.
INTERRUPT_CELLS = [
    "int before = 41;\nlong spins = 0;",
    "while (true) { spins++; }",
    'System.out.println("after-" + (before + 1) + "-" + (spins > 0));',
]

# Outputs of every kind a notebook shows: stdout, a value, a chart, an HTML table.
OUTPUT_CELLS = [
    'System.out.println("browser-" + (6 * 7));\n"value-" + (40 + 2)',
    # An XChart chart, rendered by the library's display seam.
    "double[] xs = new double[50], ys = new double[50];\n"
    "for (int i = 0; i < 50; i++) { xs[i] = i / 5.0; ys[i] = Math.cos(xs[i]); }\n"
    'var chart = new org.knowm.xchart.XYChartBuilder().width(420).height(260).title("cosine").build();\n'
    'chart.addSeries("cos", xs, ys);\n'
    "display(chart);",
    'crema.display.Display.html("<table id=\\"crema-table\\"><tr><th>epoch</th><th>loss</th></tr>"\n'
    '    + "<tr><td>1</td><td>" + (0.25 + 0.25) + "</td></tr></table>");',
]


def check_outputs(nb: Notebook, prefix: str) -> None:
    """Runs OUTPUT_CELLS: stdout and the value, a chart drawn as an image, a real HTML table."""
    nb.run(0)
    nb.wait_text(0, "value-42")
    assert "browser-42" in nb.wait_text(0, "browser-42")
    assert re.fullmatch(r"\[1\]:?", nb.wait_done(0)), "the prompt shows no execution count"
    assert nb.cell(0).locator(".jp-OutputArea-executeResult").count() == 1, "no execute_result"
    nb.run(1)
    nb.wait_done(1)
    image = nb.outputs(1).locator("img, svg").first
    image.wait_for()
    box = image.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100, f"the chart is not drawn: {box}"
    if image.evaluate("e => e.tagName") == "IMG":
        assert image.evaluate("e => e.complete && e.naturalWidth") > 200, "the chart image is broken"
    nb.run(2)
    nb.wait_done(2)
    table = nb.outputs(2).locator("table#crema-table")
    table.wait_for()
    assert table.locator("th").all_inner_texts() == ["epoch", "loss"]
    assert table.locator("td").all_inner_texts() == ["1", "0.5"]
    nb.cell(2).scroll_into_view_if_needed()
    shot(nb.page, f"{prefix}-outputs-chart-table")


def check_interrupt(nb: Notebook, prefix: str) -> None:
    """The toolbar's interrupt button stops a CPU-bound cell; the next cell sees the variables."""
    nb.run(0)
    nb.wait_done(0)
    nb.run(1)
    # The cell is running: the prompt shows [*] and the server reports the kernel busy.
    prompt = nb.cell(1).locator(".jp-InputArea-prompt")
    deadline = time.monotonic() + 30
    while "*" not in prompt.inner_text():
        assert time.monotonic() < deadline, f"cell 1 never started: {prompt.inner_text()!r}"
        time.sleep(0.1)
    time.sleep(1.5)  # well inside the loop
    assert nb.server.kernel_of(nb.name)["execution_state"] == "busy"
    shot(nb.page, f"{prefix}-interrupt-running")
    t0 = time.monotonic()
    nb.toolbar_button("notebook:interrupt-kernel").click()
    nb.wait_done(1, timeout_s=30)
    stopped_after = time.monotonic() - t0
    assert stopped_after < 20, f"the interrupt took {stopped_after:.1f} s"
    shot(nb.page, f"{prefix}-interrupt-stopped")
    nb.run(2)
    nb.wait_text(2, "after-42-true")
    shot(nb.page, f"{prefix}-interrupt-next-cell")
