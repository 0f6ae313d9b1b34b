"""Smoke test of a multi-user workshop (see README, "A workshop on one machine"): a JupyterHub 6
from the project environment, on loopback, with Debian's configurable-http-proxy. A learner logs
in through the hub's login page in a real browser (Debian's headless Chromium, driven by
Playwright), lands in JupyterLab, opens a notebook and runs a Crema cell. Screenshots:
target/browser/hub-*.png."""
import json
import re
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "kernel" / "src" / "test" / "python"))
from browser import Notebook, chromium, notebook_json, shot  # noqa: E402

KERNEL = os.environ.get("CREMA_TEST_KERNEL", "crema")
# The hub and the learners' servers come from the environment running the tests (.venv).
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(url, token, method="GET", body=None, timeout=10):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Authorization", f"token {token}")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        text = r.read().decode()
        return r.status, (json.loads(text) if text else None)


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except (urllib.error.URLError, ConnectionError, OSError) as e:
            last = e
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last error: {last})")


@pytest.mark.skipif(not (BIN / "jupyterhub").exists() or shutil.which("configurable-http-proxy") is None,
                    reason="jupyterhub (.venv, install/requirements-test.txt) or configurable-http-proxy "
                           "(install/packages-test.txt) is not installed")
class LearnerServer:
    """A learner's single-user server behind the hub, as browser.Notebook expects a server."""

    app = "lab"

    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"

    def kernel_of(self, name: str):
        for session in api(f"{self.base}/api/sessions", self.token)[1]:
            if session["path"] == name and session.get("kernel"):
                return session["kernel"]
        return None


def learner_runs_a_cell(hub: str, token: str, home: Path, profile: Path) -> None:
    """The learner logs in through the login form, lands in JupyterLab and runs a Crema cell."""
    (home / "hub.ipynb").write_text(notebook_json(['System.out.println("hub-" + (6 * 7));']))
    with chromium(profile) as context:
        page = context.new_page()
        page.goto(f"{hub}/hub/login")
        page.fill("#username_input", "learner")
        page.fill("#password_input", "any password: the dummy authenticator")
        shot(page, "hub-login")
        page.click("#login_submit")
        page.wait_for_url(re.compile(r"/user/learner/lab"), timeout=180_000)
        page.locator(".jp-LabShell").wait_for()
        shot(page, "hub-lab")
        server = LearnerServer(f"{hub}/user/learner", token)
        page.goto(server.url("lab/tree/hub.ipynb"))
        nb = Notebook(page, server, "hub.ipynb")
        nb.cells.first.wait_for()
        nb.wait_kernel_idle()
        nb.run(0)
        nb.wait_text(0, "hub-42")
        shot(page, "hub-run-cell")
        # The environment's server configuration asks for transport encryption: the kernel's
        # connection file carries the CurveZMQ keys its ports are encrypted with.
        kernel_id = server.kernel_of("hub.ipynb")["id"]
        info = json.loads(connection_file(f"kernel-{kernel_id}.json").read_text())
        assert len(info.get("curve_publickey", "")) == 40, sorted(info)


def connection_file(name: str) -> Path:
    """The connection file a running kernel was started with (the last word of its command)."""
    for proc in Path("/proc").iterdir():
        try:
            words = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if any(w.endswith(name) for w in words):
            return Path(next(w for w in words if w.endswith(name)))
    raise AssertionError(f"no running kernel was started with {name}")


def kill_left_in(root: Path) -> None:
    """Kills what a learner's server left running (kernels and their user VMs live in their own
    sessions, outside the hub's process group): every process whose working directory or command
    line lies under this test's folder."""
    me = os.getpid()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == me:
            continue
        try:
            cwd = os.readlink(proc / "cwd")
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if cwd.startswith(str(root)) or str(root) in cmdline:
            try:
                os.kill(int(proc.name), signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_hub_spawns_a_server_that_offers_crema(tmp_path: Path):
    token = secrets.token_hex(16)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    data_dirs = subprocess.run([str(BIN / "jupyter"), "--data-dir"],
                               capture_output=True, text=True, check=True).stdout.strip()
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(f"""
c.JupyterHub.ip = '127.0.0.1'
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = '127.0.0.1'
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'
c.JupyterHub.authenticator_class = 'dummy'
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = 'simple'
c.JupyterHub.db_url = 'sqlite:///{tmp_path}/hub.sqlite'
c.JupyterHub.cookie_secret_file = '{tmp_path}/cookie_secret'
c.ConfigurableHTTPProxy.pid_file = '{tmp_path}/proxy.pid'
c.SimpleLocalProcessSpawner.home_dir_template = '{tmp_path}/home/{{username}}'
c.Spawner.cmd = ['{BIN / "jupyterhub-singleuser"}']
c.Spawner.default_url = '/lab'
c.Spawner.args = ['--allow-root'] if __import__('os').getuid() == 0 else []
# The learners' servers see the kernelspecs registered by `make install`.
c.Spawner.environment = {{'JUPYTER_PATH': '{data_dirs}'}}
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 60
c.JupyterHub.services = [{{'name': 'smoke', 'api_token': '{token}'}}]
c.JupyterHub.load_roles = [{{'name': 'smoke', 'services': ['smoke'],
    'scopes': ['admin:users', 'admin:servers', 'access:servers', 'read:users']}}]
""")
    log = open(tmp_path / "hub.log", "w")
    env = dict(os.environ)
    # Debian's configurable-http-proxy finds its modules through NODE_PATH when the node on
    # PATH is not Debian's own build (which has /usr/share/nodejs built in).
    env["NODE_PATH"] = ":".join(p for p in ("/usr/share/nodejs", env.get("NODE_PATH")) if p)
    hub = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(config)], cwd=tmp_path, stdout=log,
                           stderr=subprocess.STDOUT, start_new_session=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: api(f"{base}/hub/api/", token)[0] == 200, 60, "the hub API")
        api(f"{base}/hub/api/users/learner", token, "POST", {})
        # The hub answers 201 when the server is up, 202 while it is still starting (slow_spawn_timeout).
        status, _ = api(f"{base}/hub/api/users/learner/server", token, "POST", {}, timeout=120)
        assert status in (201, 202), status
        wait_for(lambda: api(f"{base}/hub/api/users/learner", token)[1]["servers"].get("", {}).get("ready"),
                 90, "the learner's server")
        status, specs = api(f"{base}/user/learner/api/kernelspecs", token)
        assert status == 200
        assert KERNEL in specs["kernelspecs"], f"kernels offered: {sorted(specs['kernelspecs'])}"
        assert specs["kernelspecs"][KERNEL]["spec"]["display_name"] == "Java (Crema)"
        learner_runs_a_cell(base, token, tmp_path / "home" / "learner", tmp_path / "chromium")
    finally:
        # Stop the learner's server through the hub first, so that it shuts its kernels down.
        try:
            api(f"{base}/hub/api/users/learner/server", token, "DELETE", timeout=30)
            wait_for(lambda: not api(f"{base}/hub/api/users/learner", token)[1]["servers"],
                     30, "the learner's server to stop")
        except Exception as e:  # the hub may not have come up: the kill below still runs
            print(f"stopping the learner's server: {e}")
        os.killpg(hub.pid, signal.SIGTERM)
        try:
            hub.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, signal.SIGKILL)
        log.close()
        kill_left_in(tmp_path)
        # Show the hub's log when the test failed, so the cause is visible in CI.
        print((tmp_path / "hub.log").read_text()[-4000:])
