"""Real Jupyter clients: ``jupyter nbconvert --execute`` and ``jupyter console``."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import threading
import time

from harness import HERE, JUPYTER, KERNEL_NAME, LANG, TARGET, S, reap

NOTEBOOK = {"java": "display-check.ipynb", "python": "display-check-python.ipynb"}[LANG]


def client_env(tmp_path) -> dict:
    env = os.environ.copy()
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    return env


def test_nbconvert_execute_html(tmp_path):
    out = tmp_path / "out"
    env = client_env(tmp_path)
    cmd = [
        JUPYTER, "nbconvert", "--to", "html", "--execute",
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
        # The XChart chart: SVG (nbconvert 7 embeds it as a data: URI image) or a second PNG.
        assert len(pngs) >= 2 or "data:image/svg+xml;base64," in html or "<svg" in html, (
            "the XChart chart is missing")
    # The updated display shows its final state only.
    assert "state-final" in html, "the display update did not reach the report"
    assert "state-initial" not in html and "state-step" not in html, "stale display states remain"
    # The HTML table is rendered as HTML, not escaped text.
    assert re.search(r'<table id="crema-table">\s*<tr>\s*<th>epoch</th>', html), "no HTML table"
    assert "<td>0.5</td>" in html


def run_console(cmd: list[str], env: dict, cell: str, timeout: float) -> tuple[int | None, str, str]:
    """Runs jupyter console, types ``cell`` once its first prompt is shown, then ends the input.

    Waiting for the prompt, plus a second, gives the console's IOPub subscription time to reach
    the kernel: jupyter_console 6.4 waits for the cell's idle status forever if it was published
    before the subscription took effect (ZeroMQ's slow joiner).
    """
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.extend(iter(lambda: p.stdout.read(1), "")), daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while "In [" not in "".join(out) and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    try:
        p.stdin.write(cell + "\n")
        p.stdin.close()
        p.wait(timeout=max(1.0, deadline - time.monotonic()))
    except (subprocess.TimeoutExpired, BrokenPipeError):
        p.kill()
        p.wait()
        reader.join(5)
        return None, "".join(out), f"timed out after {timeout:.0f} s"
    reader.join(5)
    return p.returncode, "".join(out), p.stderr.read()


def test_console_runs_a_cell(tmp_path):
    """jupyter console with piped input runs one cell and exits at end of input.

    Should the console still hang (see run_console), an attempt ends after 120 s and the test makes
    up to three; all of them failing is a failure.
    """
    cmd = [
        JUPYTER, "console", "--kernel", KERNEL_NAME, "--simple-prompt",
        "--ZMQTerminalInteractiveShell.kernel_timeout=180",
    ]
    attempts = []
    for attempt in range(3):
        env = client_env(tmp_path / f"attempt{attempt}")
        try:
            rc, out, err = run_console(cmd, env, S.console_cell, timeout=120)
        finally:
            left = reap(env["JUPYTER_RUNTIME_DIR"])
        attempts.append((rc, out[-1500:], err[-1500:]))
        if rc is not None:
            break
    rc, out, err = attempts[-1]
    assert S.console_expect in out, f"attempts (returncode, stdout, stderr): {attempts}"
    assert rc == 0, err
    assert not left, f"processes outlived the console: {left}"


def test_reconnect_with_the_same_session(fresh_kernel):
    """A front end that reconnects keeps its session, and Jupyter's clients use the session id as
    their ZeroMQ routing id: the new connection gets the replies (ipykernel's ROUTER handover)."""
    k = fresh_kernel()
    again = k.km.client()  # the same session as k.kc
    again.start_channels()
    try:
        again.wait_for_ready(timeout=60)
        reply = again.execute_interactive("1 + 1", timeout=60)
        assert reply["content"]["status"] == "ok"
    finally:
        again.stop_channels()
