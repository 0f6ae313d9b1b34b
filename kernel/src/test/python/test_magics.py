"""Magics: %time/%%time, %%html, %%markdown, %%latex, %%javascript, %load, %classpath, %maven,
and the error for an unknown magic."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from harness import SPEC, S
from samples import NOT_APPLICABLE


def data_of(r, mime: str) -> str:
    for m in r.of_type("display_data", "execute_result"):
        if mime in m["content"]["data"]:
            return m["content"]["data"][mime]
    raise AssertionError(f"no {mime} output in {r}")


def test_time_line(kernel):
    r = kernel.ok(S.time_line)
    assert re.search(r"[Ww]all time|time", r.all_text) and re.search(r"\d", r.all_text), r


def test_time_cell(kernel):
    r = kernel.ok(S.time_cell)
    assert re.search(r"time", r.all_text, re.I) and re.search(r"\d+(\.\d+)?\s*(ms|s|µs|us)", r.all_text), r
    # The timed cell's definitions persist.
    kernel.ok(S.time_cell.split("\n")[-1].split("=")[0].split()[-1])


@pytest.mark.parametrize(
    "magic,body,mime,expect",
    [
        ("%%html", "<table><tr><td>cell-html</td></tr></table>", "text/html", "cell-html"),
        ("%%markdown", "# Title\n\n*cell-markdown*", "text/markdown", "cell-markdown"),
        ("%%latex", r"$$\sigma(z) = \frac{1}{1 + e^{-z}}$$", "text/latex", r"\sigma(z)"),
        ("%%javascript", "console.log('cell-js');", "application/javascript", "cell-js"),
    ],
)
def test_cell_magics(kernel, magic, body, mime, expect):
    r = kernel.ok(f"{magic}\n{body}")
    assert expect in data_of(r, mime), r


def test_unknown_magic(kernel):
    r = kernel.execute("%nosuchmagic 1 2")
    assert r.status == "error", r
    assert "nosuchmagic" in r.all_text, f"the error does not name the magic: {r}"
    kernel.ok(S.hello_world)


def test_load(kernel, tmp_path):
    f = tmp_path / f"snippet{S.load_file_suffix}"
    f.write_text(S.load_file_text)
    kernel.ok(S.load_code.format(path=f))
    assert kernel.value(S.load_check_expr) == S.load_check_value


def test_load_missing_file(kernel, tmp_path):
    missing = tmp_path / f"missing{S.load_file_suffix}"
    r = kernel.execute(S.load_code.format(path=missing))
    assert r.status == "error", r
    assert "missing" in r.all_text, f"the error does not name the file: {r}"


def make_jar(tmp_path: Path) -> Path:
    """A jar with ktest.Hello.hi() == "hi from jar", built with the kernel's own JDK."""
    bindir = Path(SPEC.argv[0]).parent
    src = tmp_path / "src" / "ktest"
    src.mkdir(parents=True)
    (src / "Hello.java").write_text(
        'package ktest;\npublic class Hello { public static String hi() { return "hi from jar"; } }\n'
    )
    classes = tmp_path / "classes"
    subprocess.run([str(bindir / "javac"), "--release", "17", "-d", str(classes), str(src / "Hello.java")],
                   check=True, timeout=120)
    jar = tmp_path / "ktest-hello.jar"
    subprocess.run([str(bindir / "jar"), "cf", str(jar), "-C", str(classes), "."], check=True, timeout=120)
    return jar


def test_classpath(kernel, tmp_path):
    if S.classpath_code is None:
        pytest.skip(NOT_APPLICABLE["classpath"])
    jar = make_jar(tmp_path)
    kernel.ok(S.classpath_code.format(jar=jar))
    assert "hi from jar" in kernel.value(S.classpath_check_expr)


def test_maven_offline_error(fresh_kernel, tmp_path):
    if S.maven_offline is None:
        pytest.skip(NOT_APPLICABLE["maven"])
    # Offline: every proxy points at a closed port, and Maven runs with an empty local repository.
    closed = "http://127.0.0.1:9"
    env = {
        "http_proxy": closed, "https_proxy": closed, "HTTP_PROXY": closed, "HTTPS_PROXY": closed,
        "no_proxy": "", "NO_PROXY": "",
        "MAVEN_OPTS": f"-Dmaven.repo.local={tmp_path / 'm2'} -Dhttp.proxyHost=127.0.0.1 "
        "-Dhttp.proxyPort=9 -Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=9",
        # The JVMs' own HTTP clients read proxies from system properties, not from the variables.
        "JAVA_TOOL_OPTIONS": "-Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort=9 "
        "-Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=9",
    }
    k = fresh_kernel(env=env)
    r = k.execute(S.maven_offline, timeout=180)
    assert r.status == "error", r
    text = r.all_text
    coords = S.maven_offline.split()[-1]
    assert coords in text, f"the error does not name the artifact: {r}"
    assert re.search(r"offline|network|connect|reach|resolv|download", text, re.I), r
    assert len(text.splitlines()) < 40, f"the error is a wall of text ({len(text.splitlines())} lines)"
    assert k.alive()
    k.ok(S.hello_world)
