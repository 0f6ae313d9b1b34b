"""Smoke test of a multi-user workshop: a JupyterHub on loopback spawns a single-user server
whose kernel list includes Crema (see README, "A workshop on one machine")."""
import json
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
c.JupyterHub.spawner_class = 'simple'
c.JupyterHub.db_url = 'sqlite:///{tmp_path}/hub.sqlite'
c.JupyterHub.cookie_secret_file = '{tmp_path}/cookie_secret'
c.ConfigurableHTTPProxy.pid_file = '{tmp_path}/proxy.pid'
c.SimpleLocalProcessSpawner.home_dir_template = '{tmp_path}/home/{{username}}'
c.Spawner.cmd = ['{BIN / "jupyterhub-singleuser"}']
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
    finally:
        os.killpg(hub.pid, signal.SIGTERM)
        try:
            hub.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, signal.SIGKILL)
        log.close()
        # Show the hub's log when the test failed, so the cause is visible in CI.
        print((tmp_path / "hub.log").read_text()[-4000:])
