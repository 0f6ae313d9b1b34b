"""Protocol behaviour through jupyter_client and raw ZeroMQ frames.

Hostile or broken messages (bad HMAC signature, malformed JSON, unknown msg_type, a replayed
message) are sent as raw frames on the shell socket; each must be rejected without effect, and the
kernel must keep answering. Then stop_on_error, silent, store_history and the error texts.
"""

from __future__ import annotations

import json
import re
import time

import pytest
import zmq
from harness import LANG, S, Kernel
from jupyter_client.session import Session

DELIM = b"<IDS|MSG>"


class RawShell:
    """A DEALER socket on the kernel's shell port that sends hand-made frames."""

    def __init__(self, k: Kernel):
        info = k.km.get_connection_info()
        self.session = Session(
            key=info["key"], signature_scheme=info["signature_scheme"], username="raw"
        )
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.linger = 0
        self.sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")

    def frames(self, msg_type: str, content: dict) -> list[bytes]:
        msg = self.session.msg(msg_type, content=content)
        return self.session.serialize(msg)  # [DELIM, signature, header, parent, metadata, content]

    def sign(self, frames: list[bytes]) -> list[bytes]:
        return [frames[0], self.session.sign(frames[2:6])] + frames[2:6]

    def send(self, frames: list[bytes]) -> None:
        self.sock.send_multipart(frames)

    def replies(self, seconds: float) -> list[dict]:
        """Headers+contents of every reply that arrives within ``seconds``."""
        out = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if not self.sock.poll(int(left * 1000)):
                break
            fr = self.sock.recv_multipart()
            i = fr.index(DELIM)
            out.append(
                {"header": json.loads(fr[i + 2]), "parent": json.loads(fr[i + 3]),
                 "content": json.loads(fr[i + 5])}
            )
        return out

    def wait_reply(self, msg_id: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for r in self.replies(min(1.0, deadline - time.monotonic())):
                if r["parent"].get("msg_id") == msg_id:
                    return r
        raise TimeoutError(f"no reply to {msg_id}")

    def close(self) -> None:
        self.sock.close(0)
        self.ctx.term()


@pytest.fixture
def raw(kernel):
    r = RawShell(kernel)
    yield r
    r.close()


def counter(k: Kernel) -> str:
    return k.value(S.counter_expr)


def execute_content(code: str) -> dict:
    return {"code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True}


def test_hostile_messages_are_rejected(kernel, raw):
    kernel.ok(S.counter_define)
    assert counter(kernel) == "0"

    # 1. A bad HMAC signature: ignored, no reply, no effect.
    bad_sig = raw.frames("execute_request", execute_content(S.counter_increment))
    bad_sig[1] = b"0" * len(bad_sig[1])
    raw.send(bad_sig)
    assert raw.replies(2.0) == [], "a message with a bad signature got a reply"
    assert kernel.alive(), "the kernel stopped answering after a bad signature"
    assert counter(kernel) == "0", "a message with a bad signature was executed"

    # 2. Malformed JSON, correctly signed.
    mal = raw.frames("execute_request", execute_content(S.counter_increment))
    mal[2] = b'{"msg_id": "x", "msg_type": "execute_request", '  # truncated header
    raw.send(raw.sign(mal))
    raw.replies(1.0)
    assert kernel.alive(), "the kernel stopped answering after malformed JSON"
    assert counter(kernel) == "0"

    # 3. Not even the frame structure.
    raw.send([DELIM, b"garbage"])
    raw.replies(1.0)
    assert kernel.alive(), "the kernel stopped answering after a truncated multipart message"

    # 4. An unknown msg_type, correctly signed.
    raw.send(raw.frames("no_such_request", {}))
    raw.replies(1.0)
    assert kernel.alive(), "the kernel stopped answering after an unknown msg_type"

    # 5. A valid message is executed once; the same frames replayed are rejected.
    good = raw.frames("execute_request", execute_content(S.counter_increment))
    msg_id = json.loads(good[2])["msg_id"]
    raw.send(good)
    assert raw.wait_reply(msg_id)["content"]["status"] == "ok"
    assert counter(kernel) == "1"
    raw.send(good)
    replayed = [r for r in raw.replies(3.0) if r["parent"].get("msg_id") == msg_id]
    assert counter(kernel) == "1", "a replayed message was executed again"
    assert all(r["content"].get("status") != "ok" for r in replayed), replayed
    assert kernel.alive()


def test_stop_on_error_aborts_queued_cells(kernel):
    first = kernel.send_execute(S.slow_error, stop_on_error=True)
    second = kernel.send_execute(S.after_error)
    r1 = kernel.collect(first, S.slow_error)
    r2 = kernel.collect(second, S.after_error, idle_grace=5.0)
    assert r1.status == "error", r1
    assert r2.status == "aborted", f"a queued cell ran after an error: {r2}"
    assert r2.idle, "no busy/idle status was published for the aborted request (protocol 5.x)"
    assert kernel.execute(S.after_error_check).status == "error", "the aborted cell had effects"
    # Cells sent after the error was handled run normally.
    kernel.ok(S.hello_world)


def test_a_cell_sent_once_the_error_was_seen_runs(kernel):
    # Only what was queued behind the failed cell is aborted. A request sent after the error reply
    # arrived (the participant's next cell, a driver's next step) runs, however soon it comes: the
    # kernel once aborted it when it arrived before the kernel had finished publishing idle.
    for i in range(20):
        failed = kernel.send_execute(S.runtime_error)
        while True:
            reply = kernel.kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == failed:
                break
        assert reply["content"]["status"] == "error", reply
        r = kernel.execute(f"int afterError{i} = {i};")
        assert r.status == "ok", f"round {i}: the cell sent after the error reply was not run: {r}"


def test_stop_on_error_false_runs_queued_cells(kernel):
    first = kernel.send_execute(S.slow_error, stop_on_error=False)
    second = kernel.send_execute(S.after_error)
    assert kernel.collect(first, S.slow_error).status == "error"
    assert kernel.collect(second, S.after_error).status == "ok"
    kernel.ok(S.after_error_check)


def test_silent(kernel):
    kernel.ok(S.silent_define)
    before = kernel.ok(S.hello_world).reply["content"]["execution_count"]
    r = kernel.execute(S.silent_expr, silent=True)
    assert r.status == "ok", r
    assert not r.of_type("execute_result"), f"silent execution published a result: {r}"
    assert not r.of_type("execute_input"), f"silent execution broadcast its input: {r}"
    after = kernel.ok(S.hello_world).reply["content"]["execution_count"]
    assert after == before + 1, "silent execution counted as an execution"


def test_store_history_false(kernel):
    marker = "no-history-marker"
    code = S.hello_world.replace("hello, world", marker)
    before = kernel.ok(S.hello_world).reply["content"]["execution_count"]
    r = kernel.ok(code, store_history=False)
    assert marker in r.stdout
    after = kernel.ok(S.hello_world).reply["content"]["execution_count"]
    assert after == before + 1, "a store_history=False cell advanced execution_count"
    hist = kernel.request("history", hist_access_type="tail", n=100, raw=True, output=False)
    assert hist["content"].get("status") == "ok", hist["content"]
    codes = [h[2] for h in hist["content"]["history"]]
    assert S.hello_world in codes, "history lacks the stored cells"
    assert code not in codes, "a store_history=False cell was stored in history"


def test_compile_error_shows_line_and_column(kernel):
    r = kernel.execute(S.compile_error)
    assert r.status == "error", r
    text = r.error_text
    assert re.search(r"\bline\s*2\b|\b2:\d+", text, re.I), f"no line 2 in:\n{text}"
    # The offending span is marked by a caret line under the echoed source line.
    lines = text.splitlines()
    span = S.compile_error_span
    for i, line in enumerate(lines[:-1]):
        if span in line and "^" in lines[i + 1]:
            col, caret = line.index(span), lines[i + 1].index("^")
            assert col <= caret < col + len(span), f"caret misplaced:\n{line}\n{lines[i + 1]}"
            break
    else:
        pytest.fail(f"no caret marking {span!r} in:\n{text}")
    kernel.ok(S.hello_world)


def test_runtime_error_shows_user_frames_only(kernel):
    r = kernel.execute(S.runtime_error)
    assert r.status == "error", r
    text = r.error_text
    for must in S.runtime_error_must_show:
        assert must in text, f"{must!r} missing from the error:\n{text}"
    for internal in S.internal_frames:
        assert internal not in text, f"kernel-internal frame {internal!r} shown:\n{text}"


def test_execute_input_and_timestamps(kernel):
    r = kernel.ok(S.hello_world)
    inputs = r.of_type("execute_input")
    assert inputs and inputs[0]["content"]["code"] == S.hello_world
    for m in [r.reply] + r.messages:
        date = m["header"]["date"]
        iso = date if isinstance(date, str) else date.isoformat()
        assert re.search(r"T\d\d:\d\d:\d\d\.\d{6}", iso), f"{m['msg_type']} date {iso!r}"


def test_log_is_quiet_and_names_rejected_messages(fresh_kernel, tmp_path):
    """Nothing per message at INFO in the server's log; a rejected message is logged."""
    log_path = tmp_path / "kernel.log"
    with open(log_path, "w") as log:
        k = fresh_kernel(stdout=log, stderr=log)
        for _ in range(10):
            k.ok(S.hello_world)
        k.request("complete", S.completion_text, len(S.completion_text))
        quiet = log_path.read_text()
        raw = RawShell(k)
        try:
            frames = raw.frames("execute_request", execute_content(S.counter_increment))
            frames[1] = b"f" * len(frames[1])
            raw.send(frames)
            assert raw.replies(2.0) == []
        finally:
            raw.close()
        assert k.alive()
        time.sleep(0.5)
        after = log_path.read_text()[len(quiet):]
    lines = [line for line in quiet.splitlines() if line.strip()]
    assert len(lines) < 20, f"{len(lines)} log lines for 12 requests:\n" + "\n".join(lines[:40])
    assert not re.search(r"execute_request|complete_request", quiet), quiet[:3000]
    assert re.search(r"signature|hmac|reject", after, re.I), (
        f"the rejected message was not logged; log after it:\n{after[:2000]}"
    )


def test_package_names_complete(kernel):
    """The JDK's packages complete from the modules the kernel runs with (JShell's own index is
    kept off the JDK to save memory); the library's complete from JShell's index of the class
    path, which it builds in the background after the kernel starts."""
    if LANG != "java":
        pytest.skip("Java package names")
    for code, expected in [("import java.util.con", "concurrent."), ("var d = new jav", "javax."),
                           ("java.util.concurrent.", "atomic.")]:
        c = kernel.request("complete", code, len(code))["content"]
        assert expected in c["matches"], (code, c)
        typed = code[c["cursor_start"]:c["cursor_end"]]
        assert all(m.startswith(typed) for m in c["matches"]), (code, c)
    deadline = time.monotonic() + 60
    while True:
        c = kernel.request("complete", "import crema.n", 14)["content"]
        if "nn." in c["matches"] or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert "nn." in c["matches"], c
