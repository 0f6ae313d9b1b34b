"""What the kernel does to keep cells fast must not change what a cell does.

* The first cell, sent the moment the kernel answers kernel_info, waits for the user VM and runs.
* The user VM warms its renderers and charts in the background: nothing of it reaches a cell.
* JShell's ``$1, $2, ...`` variables for expression values are dropped after the value is shown
  (so that later snippets are not compiled against hundreds of them): values, declarations,
  methods and error positions are unaffected.
* The end of a cell publishes pending output at once, complete and in order, before idle.

Speed itself is measured by bench/kernel/run.py, never asserted here.
"""

from __future__ import annotations

import re

import pytest
from harness import LANG

pytestmark = pytest.mark.skipif(LANG != "java", reason="Crema's own latency work")


def test_first_cell_right_after_start(fresh_kernel):
    k = fresh_kernel()
    r = k.execute("1 + 1", timeout=180)  # no pause after kernel_info: the VM may still be starting
    assert r.status == "ok", r
    assert r.result_text.strip() == "2", r
    assert not r.of_type("stream", "display_data", "error"), r.messages
    # A chart right away: the warm-up may be rendering one at the same moment.
    r = k.execute('crema.viz.Plots.line(new double[] {3, 1, 2}).title("first")', timeout=180)
    assert r.status == "ok", r
    assert "image/png" in r.of_type("execute_result")[0]["content"]["data"], r
    assert not r.of_type("stream", "error"), r.messages


def test_expression_values_do_not_disturb_declarations(kernel):
    kernel.ok("int base = 40;")
    for _ in range(30):
        assert kernel.value("base + 2") == "42"
    kernel.ok("int twice(int x) { return 2 * x; }")
    assert kernel.value("twice(base)") == "80"
    # Expressions in the middle of a cell, then a declaration that uses an earlier value.
    r = kernel.ok("base * 3;\nString s = base + \"!\";\ns.length()")
    assert r.result_text.strip() == "3", r
    assert kernel.value("s") == "40!"
    # A failing expression leaves nothing behind that breaks the next cell.
    assert kernel.execute("base / 0").status == "error"
    assert kernel.value("base") == "40"


def test_compile_error_position_after_many_values(kernel):
    for i in range(5):
        kernel.ok(f"{i} * 2")
    r = kernel.execute("int ok = 1;\nint bad = ok + ;")
    assert r.status == "error", r
    assert re.search(r"line 2, column \d+", r.error_text), r.error_text


def test_output_is_complete_and_ordered_before_idle(kernel):
    # No newline at the end, stdout and stderr interleaved: all of it is pending at the end of the
    # cell and must be published, in order, before the reply's idle (collect waits for it).
    r = kernel.ok('System.out.print("a"); System.err.print("b"); System.out.print("c"); 7')
    seq = [(m["content"]["name"], m["content"]["text"]) for m in r.of_type("stream")]
    assert "".join(t for _, t in seq) == "abc", seq
    assert [n for n, _ in seq] == ["stdout", "stderr", "stdout"], seq
    assert r.result_text.strip() == "7"
    kinds = [m["msg_type"] for m in r.messages]
    assert kinds.index("execute_result") > max(i for i, k in enumerate(kinds) if k == "stream")
