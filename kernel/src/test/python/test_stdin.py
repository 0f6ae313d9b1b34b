"""Keyboard input: System.in in the user VM, through Jupyter's input_request / input_reply."""

from __future__ import annotations

import time
from queue import Empty

import pytest

from harness import KERNEL_NAME

pytestmark = pytest.mark.skipif(KERNEL_NAME == "python3", reason="Java System.in")


def answer_prompts(kernel, msg_id: str, answers: list[str], timeout: float = 60) -> list[dict]:
    """Answers each input_request of ``msg_id`` with the next answer, as a front end would."""
    requests = []
    deadline = time.monotonic() + timeout
    while answers and time.monotonic() < deadline:
        try:
            m = kernel.kc.get_stdin_msg(timeout=0.2)
        except Empty:
            continue
        assert m["msg_type"] == "input_request"
        assert m["parent_header"]["msg_id"] == msg_id
        requests.append(m)
        kernel.kc.input(answers.pop(0))
    assert not answers, "the kernel asked for fewer lines than expected"
    return requests


def test_scanner_reads_typed_lines(kernel):
    code = (
        'System.out.print("Your name? ");\n'
        "Scanner sc = new Scanner(System.in);\n"
        "String name = sc.nextLine();\n"
        "int age = Integer.parseInt(sc.nextLine().trim());\n"
        'System.out.println("hello " + name + ", next year " + (age + 1));'
    )
    msg_id = kernel.send_execute(code, allow_stdin=True)
    reqs = answer_prompts(kernel, msg_id, ["Ada", "36"])
    assert reqs[0]["content"]["password"] is False
    r = kernel.collect(msg_id, code)
    assert r.status == "ok", r
    assert r.stdout == "Your name? hello Ada, next year 37\n"


def test_buffered_reader_reads_a_line(kernel):
    code = (
        "var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));\n"
        "in.readLine().toUpperCase()"
    )
    msg_id = kernel.send_execute(code, allow_stdin=True)
    answer_prompts(kernel, msg_id, ["übermorgen"])
    r = kernel.collect(msg_id, code)
    assert r.status == "ok", r
    assert r.result_text == 'ÜBERMORGEN'


def test_no_stdin_gives_end_of_input_not_a_hang(kernel):
    t0 = time.monotonic()
    r = kernel.execute(
        "var rd = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));\n"
        "String.valueOf(rd.readLine()) + \",\" + rd.readLine()",
        allow_stdin=False,
    )
    assert r.status == "ok", r
    assert r.result_text == 'null,null'
    assert "allow_stdin is false" in r.stderr
    assert r.stderr.count("[crema] System.in") == 1  # said once per cell
    r = kernel.execute("new Scanner(System.in).nextLine()", allow_stdin=False)
    assert r.status == "error"
    assert "NoSuchElementException" in r.error_text
    assert time.monotonic() - t0 < 30
    with pytest.raises(Empty):
        kernel.kc.get_stdin_msg(timeout=0.2)


def test_interrupt_ends_the_wait_for_input(kernel):
    code = "new Scanner(System.in).nextLine()"
    msg_id = kernel.send_execute(code, allow_stdin=True)
    m = kernel.kc.get_stdin_msg(timeout=60)
    assert m["msg_type"] == "input_request"
    t0 = time.monotonic()
    kernel.interrupt()
    r = kernel.collect(msg_id, code)
    assert r.status == "error"
    assert time.monotonic() - t0 < 15
    assert kernel.value("6 * 7") == "42"
