"""Real Jupyter clients: ``jupyter nbconvert --execute`` and ``jupyter console``."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess

from harness import HERE, KERNEL_NAME, LANG, TARGET, S, reap

NOTEBOOK = {"java": "display-check.ipynb", "python": "display-check-python.ipynb"}[LANG]


def client_env(tmp_path) -> dict:
    env = os.environ.copy()
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    return env


def test_nbconvert_execute_html(tmp_path):
    out = tmp_path / "out"
    env = client_env(tmp_path)
    cmd = [
        "/usr/bin/python3", "-m", "jupyter", "nbconvert", "--to", "html", "--execute",
        f"--ExecutePreprocessor.kernel_name={KERNEL_NAME}",
        "--ExecutePreprocessor.timeout=180", "--ExecutePreprocessor.startup_timeout=180",
        "--output-dir", str(out), str(HERE / "notebooks" / NOTEBOOK),
    ]
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=400)
    finally:
        reap(env["JUPYTER_RUNTIME_DIR"])
    assert p.returncode == 0, f"nbconvert failed:\n{p.stderr[-1200:]}"
    html_path = out / NOTEBOOK.replace(".ipynb", ".html")
    html = html_path.read_text()
    TARGET.mkdir(parents=True, exist_ok=True)
    shutil.copy(html_path, TARGET / f"nbconvert-{NOTEBOOK.replace('.ipynb', '.html')}")

    # Images are embedded as data URIs: the report is one self-contained file.
    pngs = [
        base64.b64decode(re.sub(r"\s", "", b))
        for b in re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]{100,})"', html)
    ]
    assert pngs, "no PNG embedded as a data URI"
    assert all(p.startswith(b"\x89PNG\r\n\x1a\n") for p in pngs), "a data URI is not a PNG"
    if LANG == "java":
        # The XChart chart: inline SVG (nbconvert prefers it) or a second PNG.
        assert len(pngs) >= 2 or "<svg" in html, "the XChart chart is missing"
    # The updated display shows its final state only.
    assert "state-final" in html, "the display update did not reach the report"
    assert "state-initial" not in html and "state-step" not in html, "stale display states remain"
    # The HTML table is rendered as HTML, not escaped text.
    assert re.search(r'<table id="crema-table">\s*<tr>\s*<th>epoch</th>', html), "no HTML table"
    assert "<td>0.5</td>" in html


def test_console_runs_a_cell(tmp_path):
    env = client_env(tmp_path)
    cmd = [
        "/usr/bin/python3", "-m", "jupyter", "console", "--kernel", KERNEL_NAME, "--simple-prompt",
        "--ZMQTerminalInteractiveShell.confirm_exit=False",
        "--ZMQTerminalInteractiveShell.kernel_timeout=180",
    ]
    try:
        p = subprocess.run(cmd, input=S.console_cell + "\n", env=env, capture_output=True,
                           text=True, timeout=180)
    finally:
        left = reap(env["JUPYTER_RUNTIME_DIR"])
    assert S.console_expect in p.stdout, f"stdout:\n{p.stdout[-3000:]}\nstderr:\n{p.stderr[-3000:]}"
    assert p.returncode == 0, p.stderr[-3000:]
    assert not left, f"processes outlived the console: {left}"
