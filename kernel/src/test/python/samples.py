"""Code samples per kernel language, so the same tests drive Crema (Java) and ipykernel (Python).

The Python column exists to check the harness against a reference kernel; the Java column is the
contract for Crema. ``None`` means "does not apply to this language"; the test that needs it is
skipped and says why (see ``NOT_APPLICABLE``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Samples:
    language: str
    file_extension: str
    mimetype: str
    # conformance suite (jupyter_kernel_test)
    hello_world: str
    stderr: str
    completion_text: str
    completion_must_include: str
    completion_matches: frozenset
    complete: tuple
    incomplete: tuple
    invalid: tuple
    execute_result: tuple  # ({"code", "result"}, ...)
    history_pattern: str
    history_ops: tuple
    inspect: str
    inspect_must_mention: str
    display_png: str
    display_html: str
    clear_output: str
    error: str
    # state
    define_state: str
    state_expr: str
    state_value: str
    # faults
    cpu_loop: str
    library_loop: str
    sleep: str
    uninterruptible_call: str | None
    exit: str
    oom: str | None
    stack_overflow: str
    flood_20000: str
    ordered_output: str
    tick_tock: str
    display_update: str
    slow_error: str
    after_error: str
    after_error_check: str
    silent_define: str
    silent_expr: str
    silent_check: str
    counter_define: str
    counter_increment: str
    counter_expr: str
    compile_error: str
    compile_error_span: str
    runtime_error: str
    runtime_error_must_show: tuple
    internal_frames: tuple
    # magics
    time_line: str
    time_cell: str
    load_file_suffix: str
    load_file_text: str
    load_code: str  # format with {path}
    load_check_expr: str
    load_check_value: str
    classpath_code: str | None  # format with {jar}
    classpath_check_expr: str | None
    maven_offline: str | None
    # clients
    console_cell: str
    console_expect: str
    browser_cell: str
    browser_expect: str
    exit_keeps_state: bool
    extra: dict = field(default_factory=dict)


JAVA = Samples(
    language="java",
    file_extension=".java",
    mimetype="text/x-java",
    hello_world='System.out.println("hello, world");',
    stderr='System.err.println("to stderr");',
    completion_text="System.out.pri",
    completion_must_include="println(",
    completion_matches=frozenset({"print(", "printf(", "println("}),
    complete=("int x = 1;", 'System.out.println("x");', "class A {}", "6 * 7"),
    incomplete=("for (int i = 0; i < 3; i++) {", "void f() {", 'String s = "a" +'),
    invalid=("int x = ;", "}", ")"),
    execute_result=(
        {"code": "6 * 7", "result": "42"},
        {"code": "java.util.List.of(1, 2, 3)", "result": "[1, 2, 3]"},
    ),
    history_pattern="6*",
    history_ops=("tail", "range", "search"),
    inspect="String.valueOf",
    inspect_must_mention="valueOf",
    display_png=(
        "display(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB));"
    ),
    display_html='crema.display.Display.html("<b>bold</b> text");',
    clear_output=(
        'System.out.println("before"); crema.display.Display.clearOutput(false);'
        ' System.out.println("after");'
    ),
    error='throw new RuntimeException("boom");',
    define_state="int keep = 42;",
    state_expr="keep",
    state_value="42",
    cpu_loop="long spin = 0;\nwhile (true) { spin++; }",
    library_loop=(
        "var a = crema.tensor.Tensor.rand(64, 64);\n"
        "while (true) { a.matmul(a).sum(); }"
    ),
    sleep="Thread.sleep(600_000);",
    # One snippet (a block), so that "running" is printed by the same code that then runs the
    # call: the test interrupts only once it has seen it.
    uninterruptible_call=(
        '{ System.out.println("running");'
        " System.out.println(java.util.stream.LongStream.range(0, Long.MAX_VALUE).sum()); }"
    ),
    exit="System.exit(0);",
    oom=(
        "{ var hog = new java.util.ArrayList<long[]>();\n"
        "  while (true) hog.add(new long[4_000_000]); }"
    ),
    stack_overflow="int down(int n) { return down(n + 1) + 1; }\ndown(0);",
    flood_20000='for (int i = 0; i < 20000; i++) System.out.println("line " + i);',
    ordered_output=(
        'System.out.println("out-1");\ndisplay("disp-2");\n'
        'System.out.println("out-3");\ndisplay("disp-4");\nSystem.out.println("out-5");'
    ),
    display_update='var shown = display("one");\nshown.update("two");',
    tick_tock='System.out.println("tick");\nThread.sleep(1500);\nSystem.out.println("tock");',
    slow_error='Thread.sleep(1500);\nthrow new RuntimeException("stop here");',
    after_error="int afterError = 1;",
    after_error_check="afterError",
    silent_define="int silentVar = 5;",
    silent_expr="silentVar + 1",
    silent_check="silentVar",
    counter_define="int replayCount = 0;",
    counter_increment="replayCount++;",
    counter_expr="replayCount",
    compile_error='int a = 1;\nint b = "text";\nint c = 3;',
    compile_error_span='"text"',
    runtime_error=(
        'void boom() { throw new IllegalStateException("bad state"); }\nboom();'
    ),
    runtime_error_must_show=("IllegalStateException", "bad state", "boom"),
    internal_frames=(
        "crema.kernel",
        "io.github.spencerpark",
        "jdk.jshell",
        "jdk.internal",
        "java.lang.reflect.Method.invoke",
        "com.sun.jdi",
    ),
    time_line="%time Thread.sleep(20);",
    time_cell="%%time\nThread.sleep(20);\nint timed = 1;",
    load_file_suffix=".jsh",
    load_file_text="int loadedValue = 7;\nString loadedName() { return \"loaded\"; }\n",
    load_code="%load {path}",
    load_check_expr="loadedValue",
    load_check_value="7",
    classpath_code="%classpath {jar}",
    classpath_check_expr="ktest.Hello.hi()",
    # An artifact that exists on Maven Central, and is not in the local repository here.
    maven_offline="%maven org.apache.commons:commons-lang3:3.1",
    console_cell='System.out.println("console-" + (6 * 7));',
    console_expect="console-42",
    browser_cell='System.out.println("browser-" + (6 * 7));',
    browser_expect="browser-42",
    exit_keeps_state=False,
)


PYTHON = Samples(
    language="python",
    file_extension=".py",
    mimetype="text/x-python",
    hello_world="print('hello, world')",
    stderr="import sys; print('to stderr', file=sys.stderr)",
    completion_text="import json\njson.dum",
    completion_must_include="dumps",
    completion_matches=frozenset({"dump", "dumps"}),
    complete=("x = 1", "print('x')", "6 * 7"),
    incomplete=("for i in range(3):", "def f():", "x = (1 +"),
    invalid=("x = = 1", "1 +* 2"),
    execute_result=({"code": "6 * 7", "result": "42"}, {"code": "[1, 2, 3]", "result": "[1, 2, 3]"}),
    history_pattern="6*",
    # ipykernel 6.17 answers tail requests with session 0 but range requests with session 1.
    history_ops=("tail", "search"),
    inspect="print",
    inspect_must_mention="print",
    display_png=(
        "from IPython.display import Image, display\n"
        "import base64\n"
        "display(Image(data=base64.b64decode("
        "'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==')))"
    ),
    display_html="from IPython.display import HTML, display\ndisplay(HTML('<b>bold</b> text'))",
    clear_output=(
        "from IPython.display import clear_output\nprint('before'); clear_output(); print('after')"
    ),
    error="raise RuntimeError('boom')",
    define_state="keep = 42",
    state_expr="keep",
    state_value="42",
    cpu_loop="spin = 0\nwhile True:\n    spin += 1",
    library_loop="while True:\n    sum(range(100000))",
    sleep="import time\ntime.sleep(600)",
    uninterruptible_call=None,  # sum(range(10**15)) ignores SIGINT too: CPython checks between bytecodes
    exit="import sys\nsys.exit(0)",
    oom=None,
    stack_overflow="def down(n):\n    return down(n + 1) + 1\ndown(0)",
    flood_20000="for i in range(20000):\n    print('line', i)",
    ordered_output=(
        "print('out-1')\ndisplay('disp-2')\nprint('out-3')\ndisplay('disp-4')\nprint('out-5')"
    ),
    display_update="shown = display('one', display_id=True)\nshown.update('two')",
    tick_tock="import time\nprint('tick', flush=True)\ntime.sleep(1.5)\nprint('tock')",
    slow_error="import time\ntime.sleep(1.5)\nraise RuntimeError('stop here')",
    after_error="after_error = 1",
    after_error_check="after_error",
    silent_define="silent_var = 5",
    silent_expr="silent_var + 1",
    silent_check="silent_var",
    counter_define="replay_count = 0",
    counter_increment="replay_count += 1",
    counter_expr="replay_count",
    compile_error="a = 1\nb = 1 +* 2\nc = 3",
    compile_error_span="*",
    runtime_error="def boom():\n    raise ValueError('bad state')\nboom()",
    runtime_error_must_show=("ValueError", "bad state", "boom"),
    internal_frames=("ipykernel/", "IPython/core/interactiveshell.py"),
    time_line="%time sum(range(1000))",
    time_cell="%%time\nimport time\ntime.sleep(0.02)\ntimed = 1",
    load_file_suffix=".py",
    load_file_text="loaded_value = 7\ndef loaded_name():\n    return 'loaded'\n",
    load_code="%run -i {path}",
    load_check_expr="loaded_value",
    load_check_value="7",
    classpath_code=None,
    classpath_check_expr=None,
    maven_offline=None,
    console_cell="print('console-' + str(6 * 7))",
    console_expect="console-42",
    browser_cell="print('browser-' + str(6 * 7))",
    browser_expect="browser-42",
    exit_keeps_state=True,
)

BY_LANGUAGE = {"java": JAVA, "python": PYTHON}

NOT_APPLICABLE = {
    "oom": "ipykernel has no heap limit, so exhausting memory would exhaust the shared machine",
    "classpath": "%classpath is a Java magic",
    "maven": "%maven is a Java magic",
    "user_vm": "only a Java kernel runs the user's code in a separate VM",
    "uninterruptible_call": "ipykernel cannot stop a long call into C code either (CPython checks"
    " for SIGINT between bytecodes) and offers no escalation but a restart",
}
