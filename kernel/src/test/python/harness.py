"""Harness for the Crema kernel tests, driven through real Jupyter clients.

The kernel under test is the kernelspec named by ``CREMA_TEST_KERNEL`` (default ``crema``).
The same tests run against ipykernel (``CREMA_TEST_KERNEL=python3``): code samples are picked per
language from :mod:`samples`, which is how the harness itself is checked against a reference
kernel.

Every kernel, notebook server and browser started here is stopped again, including the user VM
a Java kernel forks, so a failing test never leaves processes behind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import Any, Iterable

import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

sys.path.insert(0, str(Path(__file__).parent))
import samples  # noqa: E402  (the per-language code table beside this file)

KERNEL_NAME = os.environ.get("CREMA_TEST_KERNEL", "crema")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets ipykernel's debugger notes
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
TARGET = REPO / "kernel" / "target"
# Generous bounds: the machine is small and shared.
START_TIMEOUT = float(os.environ.get("CREMA_TEST_START_TIMEOUT", "120"))
CELL_TIMEOUT = float(os.environ.get("CREMA_TEST_CELL_TIMEOUT", "60"))
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# The `jupyter` of the environment running the tests (.venv): its sub-commands (nbconvert,
# console, lab) come from its own bin/ first, never from another Jupyter on PATH.
JUPYTER = str(Path(sys.executable).with_name("jupyter"))


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_spec(name: str = KERNEL_NAME):
    try:
        return KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        pytest.exit(
            f"Kernelspec {name!r} is not installed. Build and register it first "
            f"(make install, or CREMA_KERNEL_NAME={name} install/install-kernelspec.sh), "
            f"or set CREMA_TEST_KERNEL to an installed kernel (jupyter kernelspec list).",
            returncode=4,
        )


SPEC = find_spec()
LANG = SPEC.language.lower()
if LANG not in samples.BY_LANGUAGE:
    pytest.exit(f"No code samples for kernel language {LANG!r} (kernel {KERNEL_NAME!r})", 4)
S = samples.BY_LANGUAGE[LANG]


# --------------------------------------------------------------------------------------------
# Process bookkeeping: the kernel forks a user VM; both must go when a test ends.


def children(pid: int) -> list[int]:
    """All descendants of ``pid`` (read from /proc, no psutil needed)."""
    by_parent: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        by_parent.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for c in by_parent.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def user_vm(kernel) -> int:
    """The pid of the kernel's user VM, waiting up to a minute for it to start."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        vms = user_vms(kernel.pid)
        if vms:
            return vms[0]
        time.sleep(0.05)
    raise AssertionError("no user VM")


def user_vms(kernel_pid: int) -> list[int]:
    """The user VMs running under the kernel process ``kernel_pid`` now."""
    return [p for p in children(kernel_pid) if "UserVmAgent" in cmdline(p)]


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def kill_all(pids: Iterable[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


# --------------------------------------------------------------------------------------------
# A kernel under test.


@dataclass
class Result:
    """What one execute_request produced: the reply and the IOPub messages of that request."""

    code: str
    reply: dict
    messages: list[dict]
    seconds: float
    idle: bool = True

    @property
    def status(self) -> str:
        return self.reply["content"]["status"]

    def of_type(self, *types: str) -> list[dict]:
        return [m for m in self.messages if m["msg_type"] in types]

    @property
    def stdout(self) -> str:
        return "".join(
            m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == "stdout"
        )

    @property
    def stderr(self) -> str:
        return "".join(
            m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == "stderr"
        )

    @property
    def error_text(self) -> str:
        """ename, evalue and traceback of the error message and of the reply, ANSI stripped."""
        parts = []
        for c in [m["content"] for m in self.of_type("error")] + [self.reply["content"]]:
            if "ename" in c:
                parts += [c.get("ename", ""), c.get("evalue", "")] + list(c.get("traceback", []))
        return strip_ansi("\n".join(parts))

    @property
    def result_text(self) -> str:
        return "".join(m["content"]["data"].get("text/plain", "") for m in self.of_type("execute_result"))

    @property
    def all_text(self) -> str:
        """Everything a user would read: streams, errors and every text/* bundle entry."""
        parts = [self.stdout, self.stderr, self.error_text]
        for m in self.of_type("execute_result", "display_data", "update_display_data"):
            parts += [v for k, v in m["content"]["data"].items() if k.startswith("text/")]
        return strip_ansi("\n".join(p for p in parts if p))

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return (
            f"Result(code={self.code!r}, status={self.status!r}, {self.seconds:.2f}s, "
            f"types={[m['msg_type'] for m in self.messages]}, text={self.all_text[:2000]!r})"
        )


@dataclass
class Kernel:
    """A started kernel with a blocking client; ``execute`` returns a :class:`Result`."""

    name: str
    km: KernelManager
    kc: Any
    pid: int
    start_seconds: float
    spec_interrupt_mode: str
    known_pids: set = field(default_factory=set)

    @classmethod
    def start(
        cls, name: str = KERNEL_NAME, env: dict | None = None, spec_dirs=None,
        manager: dict | None = None, **launch_kw
    ) -> "Kernel":
        """Starts a kernel; ``manager`` goes to the KernelManager (e.g. ``transport_encryption``),
        ``launch_kw`` to Popen (e.g. ``stderr=`` a file)."""
        ksm = KernelSpecManager(kernel_dirs=spec_dirs) if spec_dirs else KernelSpecManager()
        km = KernelManager(kernel_name=name, kernel_spec_manager=ksm, **(manager or {}))
        full_env = os.environ.copy()
        full_env.update(env or {})
        t0 = time.monotonic()
        km.start_kernel(env=full_env, **launch_kw)
        pid = km.provisioner.process.pid if km.provisioner else km.kernel.pid
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=START_TIMEOUT)
        except Exception:
            kc.stop_channels()
            kill_all(children(pid))
            km.shutdown_kernel(now=True)
            raise
        k = cls(name, km, kc, pid, time.monotonic() - t0, km.kernel_spec.interrupt_mode)
        k.track()
        return k

    def track(self) -> None:
        self.known_pids.update(children(self.pid))

    def stop(self) -> None:
        self.track()
        try:
            self.kc.stop_channels()
        except Exception:
            pass
        try:
            self.km.shutdown_kernel(now=False, restart=False)
        except Exception:
            pass
        try:
            if self.km.is_alive():
                self.km.shutdown_kernel(now=True)
        except Exception:
            pass
        # The user VM and anything the user code started must not outlive the test.
        kill_all(self.known_pids | set(children(self.pid)))
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass

    # -- requests ------------------------------------------------------------------------

    def drain_iopub(self, quiet: float = 0.05) -> None:
        while True:
            try:
                self.kc.get_iopub_msg(timeout=quiet)
            except Empty:
                return

    def send_execute(self, code: str, **kw) -> str:
        self.track()
        return self.kc.execute(code, **kw)

    def collect(
        self, msg_id: str, code: str = "", timeout: float = CELL_TIMEOUT, t0=None,
        idle_grace: float | None = None,
    ) -> Result:
        """Waits for the execute_reply of ``msg_id`` and for its IOPub idle.

        With ``idle_grace``, a missing idle status does not raise: after the reply it waits that
        long for idle, and the Result's ``idle`` says whether it came.
        """
        t0 = time.monotonic() if t0 is None else t0
        deadline = t0 + timeout
        reply = None
        messages: list[dict] = []
        idle = False
        while reply is None or not idle:
            if reply is not None and idle_grace is not None:
                deadline = min(deadline, reply_at + idle_grace)
            left = deadline - time.monotonic()
            if left <= 0:
                if reply is not None and idle_grace is not None:
                    break
                raise TimeoutError(
                    f"{self.name}: no {'execute_reply' if reply is None else 'idle'} for "
                    f"{code!r} within {timeout:.0f}s; got "
                    f"{[m['msg_type'] for m in messages][-20:]}"
                )
            if reply is None:
                try:
                    msg = self.kc.get_shell_msg(timeout=min(left, 0.05))
                    if msg["parent_header"].get("msg_id") == msg_id:
                        reply = msg
                        reply_at = time.monotonic()
                        seconds = reply_at - t0
                except Empty:
                    pass
            try:
                msg = self.kc.get_iopub_msg(timeout=min(max(left, 0.01), 0.05))
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            msg["arrived"] = time.monotonic() - t0  # seconds after the request was sent
            if msg["msg_type"] == "status":
                idle = msg["content"]["execution_state"] == "idle"
                continue
            messages.append(msg)
        return Result(code, reply, messages, seconds, idle)

    def execute(self, code: str, timeout: float = CELL_TIMEOUT, **kw) -> Result:
        t0 = time.monotonic()
        msg_id = self.send_execute(code, **kw)
        return self.collect(msg_id, code, timeout, t0)

    def ok(self, code: str, timeout: float = CELL_TIMEOUT, **kw) -> Result:
        """Executes ``code`` and asserts it succeeded."""
        r = self.execute(code, timeout, **kw)
        assert r.status == "ok", r
        return r

    def value(self, expr: str) -> str:
        """The text/plain of an expression's execute_result."""
        return self.ok(expr).result_text.strip()

    def request(self, method: str, *args, timeout: float = 30, **kw) -> dict:
        """Sends a shell request (``complete``, ``inspect``, ...) and returns its reply."""
        msg_id = getattr(self.kc, method)(*args, **kw)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: no reply to {method} within {timeout}s")
            msg = self.kc.get_shell_msg(timeout=left)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def kernel_info(self, timeout: float = 30) -> dict:
        return self.request("kernel_info", timeout=timeout)

    def alive(self, timeout: float = 30) -> bool:
        try:
            return self.kernel_info(timeout)["content"].get("status", "ok") == "ok"
        except (TimeoutError, Empty):
            return False

    def interrupt(self) -> None:
        """Interrupts as a front end would: interrupt_request on control, or SIGINT in signal mode."""
        if self.spec_interrupt_mode == "message":
            msg = self.kc.session.msg("interrupt_request", content={})
            self.kc.control_channel.send(msg)
        else:
            self.km.interrupt_kernel()

    def wait_iopub(self, msg_id: str, accept, what: str, timeout: float = CELL_TIMEOUT) -> dict:
        """Reads IOPub until a message of cell ``msg_id`` satisfies ``accept``; returns it. The
        messages read on the way are consumed (``collect`` then sees only later ones)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.5)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id and accept(msg):
                return msg
        raise TimeoutError(f"{self.name}: {what} within {timeout:.0f} s")

    def wait_busy(self, msg_id: str, timeout: float = CELL_TIMEOUT) -> None:
        """Waits until the kernel reports busy for ``msg_id`` (the cell has started)."""
        self.wait_iopub(
            msg_id,
            lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "busy",
            "the cell never went busy", timeout)


def java_version_of(java: str) -> int | None:
    """The feature version of the JDK a java binary belongs to (from its release file)."""
    release = Path(java).resolve().parent.parent / "release"
    if release.exists():
        m = re.search(r'JAVA_VERSION="(\d+)', release.read_text())
        if m:
            return int(m.group(1))
    return None


def java_home_of(version: int) -> Path | None:
    """A JDK of the given feature version under /usr/lib/jvm, or None."""
    candidates = sorted(Path("/usr/lib/jvm").glob("*"))
    for c in candidates:
        java = c / "bin" / "java"
        if not java.exists() or c.is_symlink():
            continue
        release = c / "release"
        if release.exists():
            m = re.search(r'JAVA_VERSION="(\d+)', release.read_text())
            if m and int(m.group(1)) == version:
                return c
        elif re.search(rf"(^|[-_]){version}([-_.]|$)", c.name):
            return c
    return None


def spec_on_jdk(tmp_path: Path, version: int) -> tuple[str, list[str] | None]:
    """A kernelspec like the installed one, but whose kernel runs on JDK ``version``.

    When the installed spec already runs on that JDK, it is used as it is. Otherwise a copy is
    written to a private kernel dir (the user's kernelspecs are not touched) with argv[0] replaced
    and the start-up cache flags dropped: a class-data archive belongs to the JDK that wrote it.
    (install/install-kernelspec.sh would write a proper one, but its training run costs half a
    minute per JDK, too much for this suite.) Returns (kernel name, kernel dirs or None) for
    :meth:`Kernel.start`; skips when the kernel is not launched by a java binary or no such JDK
    is installed.
    """
    argv0 = SPEC.argv[0]
    if not argv0.endswith("/java"):
        pytest.skip(f"kernel {KERNEL_NAME!r} is not launched by a java binary (argv[0]={argv0})")
    if java_version_of(argv0) == version:
        return KERNEL_NAME, None
    home = java_home_of(version)
    if home is None:
        pytest.skip(f"no JDK {version} under /usr/lib/jvm")
    name = f"{KERNEL_NAME}-jdk{version}"
    d = tmp_path / "kernels" / name
    d.mkdir(parents=True)
    for f in Path(SPEC.resource_dir).iterdir():
        if f.is_file() and f.name != "kernel.json":
            shutil.copy(f, d / f.name)
    cache_flags = ("SharedArchiveFile", "AutoCreateSharedArchive", "AOTCache", "-Xshare")
    spec = SPEC.to_dict()
    spec["argv"] = [str(home / "bin" / "java")] + [
        a for a in SPEC.argv[1:] if not any(flag in a for flag in cache_flags)
    ]
    spec["display_name"] = f"{SPEC.display_name} on JDK {version}"
    (d / "kernel.json").write_text(json.dumps(spec, indent=1))
    return name, [str(tmp_path / "kernels")]


def record(name: str, **values) -> None:
    """Appends a measured figure to kernel/target/kernel-tests-measurements.jsonl (for the report)."""
    TARGET.mkdir(parents=True, exist_ok=True)
    with open(TARGET / "kernel-tests-measurements.jsonl", "a") as f:
        f.write(json.dumps({"kernel": KERNEL_NAME, "name": name, **values}) + "\n")
    print(f"[measure] {name}: {values}")


def reap(marker: str) -> list[int]:
    """Kills every process whose command line contains ``marker``, with all its descendants.

    Clients such as nbconvert, jupyter console and the notebook server start kernels of their
    own; giving each a private JUPYTER_RUNTIME_DIR makes that directory a reliable marker.
    """
    mine = os.getpid()
    roots = [
        int(p) for p in os.listdir("/proc")
        if p.isdigit() and int(p) != mine and marker in cmdline(int(p))
    ]
    victims = set(roots)
    for r in roots:
        victims.update(children(r))
    kill_all(victims)
    return sorted(victims)
