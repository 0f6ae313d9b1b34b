"""Two participants on one machine must not reach each other's kernels.

The participant's kernel runs as this test's user; the other participant is `nobody` (setpriv),
a second local user without the kernel's secrets. For each way into a kernel the other user
tries to connect, inject code or output, and read output:

* the side channel (user VM -> kernel: stdout, stderr, displays) is token-checked, and the token
  is in a file only the owner can read, not on the user VM's command line (`ps` shows that);
* JShell's command socket (kernel -> user VM: class bytes, invocations) accepts only a VM that
  proves the same token, even when another user connects first, and is closed once the VM is up;
* JDWP (JShell's usual remote engine): the user VM runs without a debugger agent (stops travel
  over the token-checked side channel), it listens nowhere, and no port of the kernel answers a
  JDWP handshake;
* the Jupyter ports: the connection file is private and unsigned (wrong-key) requests do nothing.
  IOPub is a ZeroMQ PUB socket, whose output is signed, not encrypted. Two guards:
  - with transport encryption (the kernel manager's `transport_encryption`, which the kernelspec
    declares it supports), every port is a CurveZMQ server: a client without the key from the
    private connection file, whoever runs it, completes no handshake and reads nothing;
  - without it, the kernel admits a connection only while no other user holds one to the same
    port (ZeroMQ's ZAP handler and the machine's socket table), so the other user reads nothing,
    and the participant's own clients still connect.
  On Kubernetes each pod also has its own network namespace, which the last test shows.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from harness import KERNEL_NAME, cmdline, user_vm, user_vms

pytestmark = [
    pytest.mark.skipif(KERNEL_NAME != "crema", reason="the side channel and JDWP are Crema's"),
    pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                       reason="needs root (to act as a second user with setpriv)"),
]

NOBODY = 65534

# The other participant's program: one attempt per mode, the outcome as JSON on stdout.
ATTACKER = r'''
import hashlib, hmac, json, os, socket, sys, time, uuid
p = json.loads(sys.argv[1])
mode, out = p["mode"], {}

def frame(kind, payload):
    return kind.encode() + len(payload).to_bytes(4, "big") + payload

if mode == "read":
    for f in p["files"]:
        try:
            open(f, "rb").read(1)
            out[f] = "read"
        except OSError as e:
            out[f] = type(e).__name__
elif mode == "side":
    s = socket.create_connection(("127.0.0.1", p["port"]), 5)
    s.sendall(frame("H", p["token"].encode()))
    bundle = {"bundle": {"text/plain": p["marker"], "text/html": "<b>" + p["marker"] + "</b>"},
              "display_id": "x", "update": False}
    s.sendall(frame("D", json.dumps(bundle).encode()) + frame("O", p["marker"].encode()))
    s.settimeout(3)
    try:
        out["received"] = len(s.recv(65536))
    except (socket.timeout, OSError) as e:
        out["received"] = type(e).__name__
elif mode == "connect":
    for port in p["ports"]:
        try:
            s = socket.create_connection(("127.0.0.1", port), 3)
        except OSError as e:
            out[str(port)] = type(e).__name__
            continue
        s.sendall(p["payload"].encode())
        s.settimeout(p.get("wait", 2))
        data = b""
        try:
            while len(data) < 4096:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except (socket.timeout, OSError):
            pass
        out[str(port)] = data.decode("latin-1")
        s.close()
elif mode == "iopub":
    import zmq
    sub = zmq.Context.instance().socket(zmq.SUB)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect("tcp://127.0.0.1:%d" % p["port"])
    got, deadline = b"", time.time() + p["seconds"]
    while time.time() < deadline:
        if sub.poll(200):
            got += b"".join(sub.recv_multipart())
    out["bytes"], out["marker"] = len(got), p["marker"].encode() in got
elif mode == "shell":
    import zmq
    d = zmq.Context.instance().socket(zmq.DEALER)
    d.connect("tcp://127.0.0.1:%d" % p["port"])
    header = json.dumps({"msg_id": uuid.uuid4().hex, "session": uuid.uuid4().hex, "username": "x",
                         "msg_type": "execute_request", "version": "5.3", "date": ""}).encode()
    content = json.dumps({"code": p["code"], "silent": False, "store_history": True,
                          "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}).encode()
    parts = [header, b"{}", b"{}", content]
    sig = hmac.new(os.urandom(32), b"".join(parts), hashlib.sha256).hexdigest().encode()
    d.send_multipart([b"<IDS|MSG>", sig] + parts)
    d.send_multipart([b"<IDS|MSG>", b""] + parts)
    out["reply"] = bool(d.poll(4000))
print(json.dumps(out))
'''


def attack(params: dict, own_network: bool = False) -> dict:
    """Runs the attacker as `nobody` (in a network namespace of its own if asked)."""
    d = tempfile.mkdtemp(prefix="crema-attacker-")
    os.chmod(d, 0o755)
    script = Path(d) / "attacker.py"
    script.write_text(ATTACKER)
    os.chmod(script, 0o644)
    cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
           sys.executable, str(script), json.dumps(params)]
    if own_network:
        cmd = ["unshare", "--net", "sh", "-c", "ip link set lo up 2>/dev/null; exec \"$@\"", "sh", *cmd]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd="/")
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def side_channel(vm_pid: int) -> tuple[int, str]:
    m = re.search(r"-Dcrema\.sidechannel=(\d+):(\S+)", cmdline(vm_pid), re.I)
    assert m, cmdline(vm_pid)
    return int(m.group(1)), m.group(2)


def listening_ports(pid: int) -> set[int]:
    """Loopback/any TCP ports the process listens on (inode match of /proc/net/tcp*)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            link = os.readlink(fd)
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            f = line.split()
            if f[3] == "0A" and f[9] in inodes:  # 0A: LISTEN
                ports.add(int(f[1].rsplit(":", 1)[1], 16))
    return ports


def connection(kernel) -> dict:
    return json.loads(Path(kernel.km.connection_file).read_text())


@pytest.fixture
def victim(fresh_kernel, tmp_path):
    err = open(tmp_path / "kernel.stderr", "w+")
    k = fresh_kernel(stderr=err)
    k.ok('String secret = "the-participant-s-data";')
    k.stderr_file = err
    yield k


def kernel_stderr(k) -> str:
    k.stderr_file.flush()
    return Path(k.stderr_file.name).read_text()


def test_secrets_are_not_readable_by_another_user(victim):
    vm = user_vm(victim)
    port, token = side_channel(vm)
    assert token.startswith("@"), "the side channel's secret is on the command line, which `ps` shows"
    assert not re.fullmatch(r"[0-9a-f]{32}", token)
    token_file = token[1:]
    assert Path(token_file).stat().st_mode & 0o077 == 0, oct(Path(token_file).stat().st_mode)
    out = attack({"mode": "read", "files": [token_file, victim.km.connection_file,
                                            f"/proc/{vm}/environ", f"/proc/{victim.pid}/environ"]})
    assert set(out.values()) == {"PermissionError"}, out


def test_side_channel_rejects_another_user(victim):
    vm = user_vm(victim)
    port, _ = side_channel(vm)
    marker = "INJECTED-" + uuid.uuid4().hex
    out = attack({"mode": "side", "port": port, "token": uuid.uuid4().hex, "marker": marker})
    assert out["received"] in (0, "ConnectionResetError"), out
    r = victim.ok('System.out.println("still mine"); secret')
    assert "still mine" in r.stdout and marker not in r.all_text
    assert "rejected a connection with a wrong token" in kernel_stderr(victim)


def test_jdwp_is_not_reachable(victim):
    vm = user_vm(victim)
    # The user VM has no debugger agent, and it connects out to the kernel: it listens nowhere.
    assert listening_ports(vm) == set(), f"the user VM listens on {listening_ports(vm)}"
    assert "jdwp" not in cmdline(vm)
    # No port of the kernel answers a JDWP handshake.
    ports = sorted(listening_ports(victim.pid))
    assert ports, "the kernel listens on nothing?"
    out = attack({"mode": "connect", "ports": ports, "payload": "JDWP-Handshake"})
    assert not any(v == "JDWP-Handshake" for v in out.values()), out
    assert victim.value("secret") == "the-participant-s-data"


def test_command_socket_accepts_only_the_user_vm(victim):
    # After start the command socket's listener is closed.
    vm = user_vm(victim)
    command_port = int(cmdline(vm).split()[-1])
    out = attack({"mode": "connect", "ports": [command_port], "payload": "x"})
    assert out[str(command_port)] == "ConnectionRefusedError", out

    # While a new user VM starts, another user connects to the command port first.
    victim.execute("System.exit(0);")
    stopped = {}

    def freeze_next_vm():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not stopped:
            for pid in user_vms(victim.pid):
                if pid != vm:
                    os.kill(pid, signal.SIGSTOP)
                    stopped["pid"] = pid
                    return
            time.sleep(0.002)

    t = threading.Thread(target=freeze_next_vm)
    t.start()
    t.join(70)
    assert stopped, "the user VM was not restarted"
    new_vm = stopped["pid"]
    try:
        port = int(cmdline(new_vm).split()[-1])
        if port not in listening_ports(victim.pid):
            pytest.skip("the new user VM connected before it could be frozen")
        holder = threading.Thread(target=lambda: stopped.update(
            attack({"mode": "connect", "ports": [port], "payload": "0" * 32, "wait": 8})))
        holder.start()
        time.sleep(2)  # the other user is connected and waiting for the kernel's commands
    finally:
        os.kill(new_vm, signal.SIGCONT)
    holder.join(30)
    assert stopped.get(str(port)) == "", f"the other user received {stopped.get(str(port))!r}"
    r = victim.ok("1 + 1")
    assert r.result_text.strip() == "2"
    assert "command socket: rejected a connection without the secret" in kernel_stderr(victim)


def test_jupyter_shell_rejects_unsigned_code(victim, tmp_path):
    conn = connection(victim)
    flag = Path(tempfile.gettempdir()) / f"crema-injected-{uuid.uuid4().hex}"
    code = f'new java.io.File("{flag}").createNewFile()'
    for port in (conn["shell_port"], conn["control_port"]):
        out = attack({"mode": "shell", "port": port, "code": code})
        assert out["reply"] is False, out
    assert victim.value("secret") == "the-participant-s-data"
    assert not flag.exists(), "code without the key ran"


def test_iopub_on_a_shared_loopback(victim):
    """The other user subscribes to IOPub on the same loopback (and keeps reconnecting, as ZeroMQ
    does) while the participant's cell prints and a second client of the participant (another
    tab) connects: the other user receives not one byte, the participant's clients everything."""
    conn = connection(victim)
    marker = "OUTPUT-" + uuid.uuid4().hex
    result = {}
    t = threading.Thread(target=lambda: result.update(
        attack({"mode": "iopub", "port": conn["iopub_port"], "marker": marker, "seconds": 8})))
    t.start()
    time.sleep(2.5)
    from jupyter_client import BlockingKernelClient
    second = BlockingKernelClient(connection_file=victim.km.connection_file)
    second.load_connection_file()
    second.start_channels()
    try:
        second.wait_for_ready(timeout=30)
        r = victim.ok(f'System.out.println("{marker}")')
        assert marker in r.stdout
        seen = ""
        deadline = time.monotonic() + 10
        while marker not in seen and time.monotonic() < deadline:
            try:
                msg = second.get_iopub_msg(timeout=0.5)
            except Exception:
                continue
            if msg["msg_type"] == "stream":
                seen += msg["content"]["text"]
        assert marker in seen, "the participant's second client missed the output"
    finally:
        second.stop_channels()
    t.join(30)
    assert result.get("bytes") == 0, f"another user read {result.get('bytes')} bytes of output"
    assert not result.get("marker")
    assert "iopub: refused a connection while user 65534" in kernel_stderr(victim)


def test_iopub_admits_the_users_it_is_told_to(fresh_kernel):
    """The control: with CREMA_ADMIT_UIDS naming the other user, its subscriber reads the output,
    so the check above is what kept it out."""
    k = fresh_kernel(env={"CREMA_ADMIT_UIDS": str(NOBODY)})
    conn = connection(k)
    marker = "ADMITTED-" + uuid.uuid4().hex
    result = {}
    t = threading.Thread(target=lambda: result.update(
        attack({"mode": "iopub", "port": conn["iopub_port"], "marker": marker, "seconds": 6})))
    t.start()
    time.sleep(2.5)
    k.ok(f'System.out.println("{marker}")')
    t.join(30)
    assert result.get("marker"), result


def test_iopub_encrypted_without_the_key(fresh_kernel, tmp_path):
    """With transport encryption, neither another user nor a client of the same user that lacks
    the key from the connection file receives anything; the participant's client works."""
    err = open(tmp_path / "kernel.stderr", "w+")
    k = fresh_kernel(stderr=err, manager={"transport_encryption": "required"})
    conn = connection(k)
    assert len(conn["curve_publickey"]) == 40 and len(conn["curve_secretkey"]) == 40
    marker = "SECRET-" + uuid.uuid4().hex
    other = {}
    t = threading.Thread(target=lambda: other.update(
        attack({"mode": "iopub", "port": conn["iopub_port"], "marker": marker, "seconds": 6})))
    t.start()
    import zmq
    own = zmq.Context.instance().socket(zmq.SUB)  # this user, without the key
    own.setsockopt(zmq.SUBSCRIBE, b"")
    own.connect("tcp://127.0.0.1:%d" % conn["iopub_port"])
    try:
        time.sleep(2.5)
        r = k.ok(f'System.out.println("{marker}")')
        assert marker in r.stdout
        got = b""
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            if own.poll(200):
                got += b"".join(own.recv_multipart())
        assert got == b"", "a client without the key read the output"
    finally:
        own.close(linger=0)
    t.join(30)
    assert other.get("bytes") == 0, f"another user read {other.get('bytes')} bytes"
    # A shell request without the key gets no reply: the handshake itself fails.
    out = attack({"mode": "shell", "port": conn["shell_port"], "code": "1"})
    assert out["reply"] is False


def test_another_network_namespace_reaches_no_port(victim):
    """One pod per participant (Kubernetes): the other user's loopback is not this one."""
    vm = user_vm(victim)
    conn = connection(victim)
    ports = sorted(listening_ports(victim.pid) | {conn["iopub_port"], conn["shell_port"]})
    out = attack({"mode": "connect", "ports": ports, "payload": "x"}, own_network=True)
    # refused on the namespace's own loopback, or unreachable if it could not be brought up
    assert set(out.values()) <= {"ConnectionRefusedError", "OSError"}, out
    out = attack({"mode": "iopub", "port": conn["iopub_port"], "marker": "x", "seconds": 2},
                 own_network=True)
    assert out["bytes"] == 0
