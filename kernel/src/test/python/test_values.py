"""Which last values of a cell are shown: a stream returned by printf/format is not."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "code,printed",
    [
        ('System.out.printf("%d apples%n", 3)', "3 apples"),
        ('System.out.format("%s%n", "pears")', "pears"),
        ('System.out.append("plums\\n")', "plums"),
        ('new java.io.PrintWriter(System.out, true).printf("%s%n", "figs")', "figs"),
    ],
)
def test_stream_returned_by_printf_is_not_shown(kernel, code, printed):
    r = kernel.ok(code)
    assert printed in r.stdout, r
    assert not r.of_type("execute_result"), f"a stream was shown as the cell's value: {r}"
    assert "PrintStream@" not in r.all_text and "PrintWriter@" not in r.all_text, r


def test_other_values_are_still_shown(kernel):
    r = kernel.ok('String.format("%d pears", 4)')
    assert "4 pears" in r.result_text, r
