#!/usr/bin/env python3
"""Participants per machine, measured: N simulated participants at once through a JupyterHub on
loopback, each a hub user with a single-user server and a Crema kernel.

Each participant: starts its server and a kernel (timed up to the first finished cell), runs
notebook 02's set-up cells, then the training cells (the explicit loop and `fit`), stays idle,
and runs a cell again. While participants 1..N-1 train, participant 0 runs a trivial cell over
and over: its latency is what a participant feels while the others train (with N = 1: nobody
trains). Memory is sampled from /proc: the RSS (and PSS) of each participant's process tree
(single-user server, kernel JVM, user VM), idle and during training.

    .venv/bin/python bench/load/hub_load.py -n 1 5 10 --idle 60 --jvm-opts=-Xmx1100m --out target/load

Loopback only, free ports, every process started here is stopped at the end. The hub runs the
.venv's jupyterhub with the dummy authenticator and the local process spawner, all participants
under this machine's user; the kernel is the one registered in $JUPYTER_DATA_DIR (make install).
"""
import argparse
import asyncio
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "02-hands-on-1-fully-connected.ipynb"
# Cells of notebook 02, found by what they contain (cell numbers move when the notebook grows).
SETUP_MARKERS = ("FashionMnist.train()", "Datasets.randomSplit")  # the data, the 70/20/10 split
TRAINING_MARKERS = ("List<Double> losses", "trainer.fit(")  # the explicit loop, then Trainer.fit
TRIVIAL = "1 + 1"
AGAIN = "losses.size() + history.get(\"loss\").length"  # state kept through the idle time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def code_cells():
    nb = json.loads(NOTEBOOK.read_text())
    return [("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            if c["cell_type"] == "code" else None for c in nb["cells"]]


def cell_with(cells, marker):
    """The index of the first code cell containing `marker`; a clear error if none does."""
    for i, c in enumerate(cells):
        if c is not None and marker in c:
            return i
    raise SystemExit(f"hub_load: no code cell of {NOTEBOOK.name} contains {marker!r}")


# ---------------------------------------------------------------- memory, from /proc

def processes():
    """{pid: (ppid, rss_kib)} of every process."""
    out = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            rss = 0
            for line in (d / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
            out[int(d.name)] = (ppid, rss)
        except (OSError, ValueError):
            pass
    return out


def descendants(root, procs):
    children = {}
    for pid, (ppid, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    todo, seen = [root], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(children.get(p, []))
    return seen


def pss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def server_pids(hub_pid):
    """{user: pid of its single-user server} among the hub's children."""
    out = {}
    for pid in descendants(hub_pid, processes()):
        try:
            env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        for e in env:
            if e.startswith(b"JUPYTERHUB_USER="):
                user = e.split(b"=", 1)[1].decode()
                # the server itself, not one of its children (which inherit the variable)
                out.setdefault(user, pid)
                if pid < out[user]:
                    out[user] = pid
    return out


def role(pid):
    """Which part of a participant a process is: server, kernel, user VM or other."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "gone"
    if b"UserVmAgent" in cmd:
        return "user_vm"
    if b"crema-kernel.jar" in cmd:
        return "kernel"
    if b"jupyterhub-singleuser" in cmd:
        return "server"
    return "other"


def tree_memory(pid, with_pss=False):
    procs = processes()
    pids = descendants(pid, procs)
    rss = sum(procs.get(p, (0, 0))[1] for p in pids)
    out = {"rss_mib": rss / 1024, "pss_mib": sum(pss_kib(p) for p in pids) / 1024 if with_pss else None,
           "processes": len(pids)}
    if with_pss:
        parts = {}
        for p in pids:
            r = role(p)
            parts[r] = parts.get(r, 0) + procs.get(p, (0, 0))[1] / 1024
        out["rss_parts_mib"] = parts
    return out


def mem_available_mib():
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024


# ---------------------------------------------------------------- the hub

class Hub:
    def __init__(self, workdir: Path, jvm_opts: str):
        self.dir = workdir
        self.token = secrets.token_hex(16)
        self.port, hub_port, api_port = free_port(), free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        venv_bin = Path(sys.executable).parent
        data_dir = os.environ.get("JUPYTER_DATA_DIR", "")
        env = {"JUPYTER_PATH": data_dir, "CREMA_JVM_OPTS": jvm_opts,
               "PATH": f"{venv_bin}:/usr/bin:/bin"}
        if os.environ.get("XDG_CACHE_HOME"):
            env["XDG_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"]
        config = workdir / "jupyterhub_config.py"
        config.write_text(f"""
c.JupyterHub.ip = '127.0.0.1'
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = '127.0.0.1'
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'
c.ConfigurableHTTPProxy.pid_file = '{workdir}/proxy.pid'
c.JupyterHub.authenticator_class = 'dummy'
c.JupyterHub.spawner_class = 'simple'
c.JupyterHub.db_url = 'sqlite:///{workdir}/hub.sqlite'
c.JupyterHub.cookie_secret_file = '{workdir}/cookie_secret'
c.JupyterHub.concurrent_spawn_limit = 0
c.SimpleLocalProcessSpawner.home_dir_template = '{workdir}/home/{{username}}'
c.Spawner.cmd = ['{venv_bin}/jupyterhub-singleuser']
c.Spawner.args = ['--allow-root'] if {os.getuid()} == 0 else []
c.Spawner.environment = {env!r}
c.Spawner.http_timeout = 300
c.Spawner.start_timeout = 600
c.JupyterHub.services = [{{'name': 'load', 'api_token': '{self.token}'}}]
c.JupyterHub.load_roles = [{{'name': 'load', 'services': ['load'],
    'scopes': ['admin:users', 'admin:servers', 'access:servers', 'read:users']}}]
""")
        self.log = open(workdir / "hub.log", "w")
        penv = dict(os.environ)
        penv["NODE_PATH"] = ":".join(p for p in ("/usr/share/nodejs", penv.get("NODE_PATH")) if p)
        self.proc = subprocess.Popen([str(venv_bin / "jupyterhub"), "-f", str(config)], cwd=workdir,
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True, env=penv)
        self.http = AsyncHTTPClient(max_clients=200)

    async def api(self, path, method="GET", body=None, timeout=120):
        req = HTTPRequest(self.base + path, method=method,
                          body=None if body is None and method == "GET" else json.dumps(body or {}),
                          headers={"Authorization": f"token {self.token}"},
                          request_timeout=timeout, allow_nonstandard_methods=True)
        r = await self.http.fetch(req, raise_error=False)
        text = r.body.decode() if r.body else ""
        return r.code, (json.loads(text) if text.strip().startswith(("{", "[")) else text)

    async def wait_up(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if (await self.api("/hub/api/"))[0] == 200:
                    return
            except OSError:
                pass
            await asyncio.sleep(0.5)
        raise RuntimeError("the hub did not come up; see hub.log")

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=60)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


# ---------------------------------------------------------------- one participant

class Participant:
    def __init__(self, hub: Hub, name: str):
        self.hub, self.name = hub, name
        self.session = uuid.uuid4().hex
        self.cells = []        # (what, seconds, ok, error text)
        self.alive = True

    async def start(self):
        t0 = time.monotonic()
        await self.hub.api(f"/hub/api/users/{self.name}", "POST", {})
        status, _ = await self.hub.api(f"/hub/api/users/{self.name}/server", "POST", {}, timeout=600)
        if status not in (201, 202):
            raise RuntimeError(f"{self.name}: server start answered {status}")
        while True:
            _, u = await self.hub.api(f"/hub/api/users/{self.name}")
            if u["servers"].get("", {}).get("ready"):
                break
            if time.monotonic() - t0 > 600:
                raise RuntimeError(f"{self.name}: server not ready after 600 s")
            await asyncio.sleep(0.5)
        self.server_start = time.monotonic() - t0
        t1 = time.monotonic()
        status, k = await self.hub.api(f"/user/{self.name}/api/kernels", "POST", {"name": "crema"})
        if status != 201:
            raise RuntimeError(f"{self.name}: kernel start answered {status}: {k}")
        self.kernel_id = k["id"]
        url = (self.hub.base.replace("http", "ws") +
               f"/user/{self.name}/api/kernels/{self.kernel_id}/channels?session_id={self.session}")
        # The server answers the upgrade once the kernel has answered kernel_info, which takes
        # longer than tornado's default 20 s when many kernels start at once on a few cores.
        self.ws = await websocket_connect(HTTPRequest(
            url, headers={"Authorization": f"token {self.hub.token}"}, connect_timeout=600,
            request_timeout=600), max_message_size=1 << 28)
        self.pending = {}
        self.reader = asyncio.ensure_future(self.read())
        await self.execute(TRIVIAL, "first cell")
        self.kernel_start = time.monotonic() - t1

    async def read(self):
        while True:
            msg = await self.ws.read_message()
            if msg is None:
                self.alive = False
                for f in self.pending.values():
                    if not f["done"].done():
                        f["done"].set_exception(RuntimeError("websocket closed"))
                return
            if isinstance(msg, bytes):
                continue
            m = json.loads(msg)
            parent = m.get("parent_header", {}).get("msg_id")
            p = self.pending.get(parent)
            if p is None:
                continue
            t = m["header"]["msg_type"]
            if t == "execute_reply":
                p["reply"] = m["content"]
            elif t == "error":
                p["errors"].append(m["content"]["ename"] + ": " + m["content"]["evalue"])
            elif t == "stream" and ("restart" in m["content"]["text"] or "lost" in m["content"]["text"]):
                p["errors"].append(m["content"]["text"])
            elif t == "status" and m["content"]["execution_state"] == "idle":
                p["idle"] = True
            if p.get("idle") and "reply" in p and not p["done"].done():
                p["done"].set_result(None)

    async def execute(self, code, what, timeout=1800):
        msg_id = uuid.uuid4().hex
        p = {"errors": [], "done": asyncio.get_event_loop().create_future()}
        self.pending[msg_id] = p
        msg = {"header": {"msg_id": msg_id, "username": self.name, "session": self.session,
                          "msg_type": "execute_request", "version": "5.3", "date": ""},
               "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
               "content": {"code": code, "silent": False, "store_history": True,
                           "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}
        t0 = time.monotonic()
        await self.ws.write_message(json.dumps(msg))
        try:
            await asyncio.wait_for(p["done"], timeout)
            ok = p["reply"].get("status") == "ok" and not p["errors"]
        except (asyncio.TimeoutError, RuntimeError) as e:
            ok = False
            p["errors"].append(repr(e))
        dt = time.monotonic() - t0
        del self.pending[msg_id]
        self.cells.append((what, dt, ok, "; ".join(p["errors"])[:300]))
        return dt, ok

    async def kernel_state(self):
        status, k = await self.hub.api(f"/user/{self.name}/api/kernels/{self.kernel_id}")
        return k.get("execution_state") if status == 200 else f"HTTP {status}"

    async def close(self):
        self.reader.cancel()
        self.ws.close()


# ---------------------------------------------------------------- one round of N participants

def percentile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q / 100 * (len(xs) - 1))))] if xs else None


async def sample_memory(hub, users, into, stop):
    """Peak tree RSS per participant while `stop` is not set."""
    while not stop.is_set():
        for user, pid in server_pids(hub.proc.pid).items():
            if user in users:
                remember(pid)
                into[user] = max(into.get(user, 0), tree_memory(pid)["rss_mib"])
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass


# Every process seen in a participant's tree, with its command line, so that none outlives the
# run: the kernels' JVMs do not always go down with their server when the hub stops.
SEEN = {}


def remember(root):
    for pid in descendants(root, processes()):
        try:
            SEEN.setdefault(pid, Path(f"/proc/{pid}/cmdline").read_bytes())
        except OSError:
            pass


def kill_leftovers():
    for pid, cmd in SEEN.items():
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes() == cmd:
                os.kill(pid, signal.SIGKILL)
        except (OSError, ProcessLookupError):
            pass
    SEEN.clear()


def memory_snapshot(hub, users):
    pids = server_pids(hub.proc.pid)
    for u in users:
        if u in pids:
            remember(pids[u])
    return {u: tree_memory(pids[u], with_pss=True) for u in users if u in pids}


async def round_of(n, args, workdir: Path):
    cells = code_cells()
    hub = Hub(workdir, args.jvm_opts)
    t_round = time.monotonic()
    result = {"n": n, "jvm_opts": args.jvm_opts, "load_before": os.getloadavg(),
              "mem_available_before_mib": mem_available_mib()}
    try:
        await hub.wait_up()
        hub_rss = tree_memory(hub.proc.pid)["rss_mib"]
        people = [Participant(hub, f"p{i:02d}") for i in range(n)]
        users = {p.name for p in people}
        await asyncio.gather(*(p.start() for p in people))
        for i in (cell_with(cells, m) for m in SETUP_MARKERS):
            await asyncio.gather(*(p.execute(cells[i], f"set-up cell {i}") for p in people))
        await asyncio.sleep(5)
        idle = memory_snapshot(hub, users)

        # Participants 1..N-1 train; participant 0 probes with a trivial cell meanwhile.
        peaks, stop = {}, asyncio.Event()
        sampler = asyncio.ensure_future(sample_memory(hub, users, peaks, stop))

        async def train(p):
            for i in (cell_with(cells, m) for m in TRAINING_MARKERS):
                await p.execute(cells[i], f"training cell {i}")

        others = asyncio.ensure_future(asyncio.gather(*(train(p) for p in people[1:])))
        latencies = []
        t_train = time.monotonic()
        while True:
            dt, ok = await people[0].execute(TRIVIAL, "trivial while others train")
            latencies.append(dt)
            if (others.done() and n > 1) or (n == 1 and len(latencies) >= 30):
                break
            await asyncio.sleep(0.2)
        await others
        others_training = time.monotonic() - t_train
        await train(people[0])
        stop.set()
        await sampler
        training = memory_snapshot(hub, users)

        await asyncio.sleep(args.idle)
        after_idle = memory_snapshot(hub, users)
        again = await asyncio.gather(*(p.execute(AGAIN, "a cell again after idle") for p in people))
        states = await asyncio.gather(*(p.kernel_state() for p in people))
        # Participants peak at slightly different moments: the sum of their peaks bounds the total.
        mem_at_peak_total = sum(peaks.values())

        result.update({
            "hub_and_proxy_rss_mib": hub_rss,
            "server_start_s": [p.server_start for p in people],
            "kernel_start_s": [p.kernel_start for p in people],
            "trivial_latency_s": {"median": statistics.median(latencies),
                                  "p95": percentile(latencies, 95), "count": len(latencies)},
            "others_training_wall_s": others_training,
            "training_cell_s": [sum(dt for what, dt, _, _ in p.cells if what.startswith("training"))
                                for p in people],
            "again_latency_s": [dt for dt, _ in again],
            "rss_idle_mib": {u: m["rss_mib"] for u, m in idle.items()},
            "pss_idle_mib": {u: m["pss_mib"] for u, m in idle.items()},
            "rss_parts_idle_mib": {u: m["rss_parts_mib"] for u, m in idle.items()},
            "rss_parts_after_training_mib": {u: m["rss_parts_mib"] for u, m in training.items()},
            "rss_training_peak_mib": peaks,
            "rss_after_training_mib": {u: m["rss_mib"] for u, m in training.items()},
            "rss_after_idle_mib": {u: m["rss_mib"] for u, m in after_idle.items()},
            "pss_after_idle_mib": {u: m["pss_mib"] for u, m in after_idle.items()},
            "total_rss_peak_mib": mem_at_peak_total + hub_rss,
            "all_alive": all(p.alive and all(ok for _, _, ok, _ in p.cells) for p in people)
                         and all(s in ("idle", "busy") for s in states),
            "kernel_states": states,
            "failures": [(p.name, what, err) for p in people for what, _, ok, err in p.cells if not ok],
            "load_after": os.getloadavg(),
            "round_wall_s": time.monotonic() - t_round,
        })
        for p in people:
            await p.close()
            await hub.api(f"/user/{p.name}/api/kernels/{p.kernel_id}", "DELETE", timeout=60)
            await hub.api(f"/hub/api/users/{p.name}/server", "DELETE", timeout=60)
        return result
    finally:
        hub.stop()
        kill_leftovers()


def summary(r):
    def med(xs):
        xs = list(xs.values()) if isinstance(xs, dict) else xs
        return statistics.median(xs) if xs else float("nan")
    return (f"N={r['n']:3d}  kernel start median {med(r['kernel_start_s']):5.1f} s max "
            f"{max(r['kernel_start_s']):5.1f} s | trivial cell while others train: median "
            f"{r['trivial_latency_s']['median'] * 1000:6.0f} ms p95 {r['trivial_latency_s']['p95'] * 1000:6.0f} ms | "
            f"RSS per participant idle {med(r['rss_idle_mib']):5.0f} MiB, training peak "
            f"{med(r['rss_training_peak_mib']):5.0f} MiB (max {max(r['rss_training_peak_mib'].values()):5.0f}), "
            f"after idle {med(r['rss_after_idle_mib']):5.0f} MiB | total peak {r['total_rss_peak_mib'] / 1024:5.1f} GiB"
            f" | training {med(r['training_cell_s']):5.0f} s | alive {r['all_alive']} | load "
            f"{r['load_before'][0]:.1f} -> {r['load_after'][0]:.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, nargs="+", default=[1, 5, 10, 20], help="participants per round")
    ap.add_argument("--idle", type=float, default=60, help="seconds every participant stays idle")
    ap.add_argument("--jvm-opts", default=os.environ.get("CREMA_JVM_OPTS", "-Xmx768m"),
                    help="CREMA_JVM_OPTS of every participant's user VM (its heap ceiling)")
    ap.add_argument("--min-free-gib", type=float, default=4.0,
                    help="skip a round whose estimated memory would leave less than this free")
    ap.add_argument("--out", type=Path, default=REPO / "target" / "load")
    args = ap.parse_args()
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    per_participant = None
    for n in args.n:
        if per_participant:
            need = n * per_participant / 1024
            free = mem_available_mib() / 1024
            if need > free - args.min_free_gib:
                print(f"N={n}: skipped, needs about {need:.1f} GiB and {free:.1f} GiB are available"
                      f" (memory is the limit)", flush=True)
                results.append({"n": n, "skipped": f"needs {need:.1f} GiB, {free:.1f} GiB available"})
                continue
        workdir = args.out / f"n{n}"
        workdir.mkdir(parents=True, exist_ok=True)
        r = asyncio.run(round_of(n, args, workdir))
        results.append(r)
        per_participant = max(r["rss_training_peak_mib"].values())
        print(summary(r), flush=True)
        (args.out / "results.json").write_text(json.dumps(results, indent=1))
    (args.out / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
