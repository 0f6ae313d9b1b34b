#!/usr/bin/env python3
"""Executes the course notebooks with the Crema kernel and writes HTML reports.

    .venv/bin/python install/run_notebooks.py [--check] [--kernel NAME] [--out DIR] [NOTEBOOK ...]

Each notebook (default: every notebooks/*.ipynb) is executed through nbclient, then written to
OUT (default target/reports/) as an executed .ipynb and as a self-contained HTML report whose
formulas render offline with Debian's MathJax (libjs-mathjax). The run ends with one line per
notebook (time, pass/fail) and a closing 'N passed, N failed' line.

A notebook passes when every cell ran without error, every image in its report is embedded
(a data: URI, nothing fetched), and no output shows a Java stack trace or an "Exception".
With --check, any failure makes the exit status non-zero.
"""
import argparse
import base64
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

REPO = Path(__file__).resolve().parent.parent
MATHJAX_DIR = Path("/usr/share/javascript/mathjax")
# The widget renderer (install/report-widgets.sh): reports show their widgets' last state with it.
WIDGETS_DIR = REPO / ".venv" / "share" / "crema" / "html-manager" / "dist"
# Outputs a participant should never see in a finished report.
STACK_TRACE = re.compile(r"^\s+at [\w$.]+\(.*\)$|Exception\b", re.MULTILINE)
IMG_SRC = re.compile(r"<img\b[^>]*\bsrc=[\"']([^\"']*)[\"']", re.IGNORECASE)
# What a browser would fetch from the network: scripts, style sheets, ES module imports.
REMOTE = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=[\"'](https?:[^\"']*)|\bimport\b[^;]*?[\"'](https?:[^\"']*)",
                    re.IGNORECASE)


def output_texts(nb):
    """Every piece of text a reader sees in the outputs, with the cell index."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                yield i, out.text
            elif out.output_type == "error":
                yield i, f"{out.ename}: {out.evalue}\n" + "\n".join(out.traceback)
            else:
                data = out.get("data", {})
                for mime in ("text/plain", "text/html", "text/markdown"):
                    if mime in data:
                        yield i, data[mime]


def problems_of(nb, html):
    problems = []
    for i, text in output_texts(nb):
        m = STACK_TRACE.search(text)
        if m:
            problems.append(f"cell {i}: output shows {m.group(0).strip()!r}")
    for src in IMG_SRC.findall(html):
        if not src.startswith("data:"):
            problems.append(f"image not embedded: {src[:80]}")
    for url in {a or b for a, b in REMOTE.findall(html)}:
        problems.append(f"the report fetches {url[:80]}")
    return problems


def html_report(nb):
    exporter = HTMLExporter(
        extra_template_basedirs=[str(REPO / "install" / "report-template")],
        template_name="crema",
        filters={"svg_base64": lambda svg: base64.b64encode(svg.encode("utf-8")).decode("ascii")},
    )
    # Formulas render from the local MathJax copy next to the report, never from a CDN.
    exporter.mathjax_url = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    body, _ = exporter.from_notebook_node(nb)
    return body


def link_beside(out_dir, name, target, what):
    """Links out_dir/name to a local copy of what the reports load (never a CDN)."""
    link = out_dir / name
    if link.exists() or link.is_symlink():
        return
    if target.is_dir():
        link.symlink_to(target)
    else:
        print(f"warning: {target} is missing: {what}", file=sys.stderr)


def run_one(path, kernel, out_dir, timeout):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    problems = []
    try:
        client.execute()
    except CellExecutionError as e:
        problems.append(f"a cell failed: {e.ename}: {e.evalue}")
        for i, cell in enumerate(nb.cells):
            if any(o.output_type == "error" for o in cell.get("outputs", [])):
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                problems.append(f"cell {i}: {first_line[:100]}")
    except Exception as e:  # a dead kernel or a timeout must not stop the other notebooks
        problems.append(f"{type(e).__name__}: {e}")
    elapsed = time.monotonic() - start
    nbformat.write(nb, out_dir / path.name)
    html = html_report(nb)
    (out_dir / (path.stem + ".html")).write_text(html, encoding="utf-8")
    if not problems:
        problems = problems_of(nb, html)
    return elapsed, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--check", action="store_true", help="exit non-zero if any notebook fails")
    ap.add_argument("--kernel", default=os.environ.get("CREMA_NOTEBOOK_KERNEL", "crema"))
    ap.add_argument("--out", type=Path, default=REPO / "target" / "reports")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = ap.parse_args()

    notebooks = args.notebooks or sorted((REPO / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print("no notebooks found")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    link_beside(args.out, "mathjax", MATHJAX_DIR,
                "formulas will not render offline (Debian package libjs-mathjax)")
    link_beside(args.out, "widgets", WIDGETS_DIR,
                "widgets in reports will show as text (install/report-widgets.sh)")

    failed = 0
    lines = []
    for path in notebooks:
        elapsed, problems = run_one(path.resolve(), args.kernel, args.out, args.timeout)
        status = "FAIL" if problems else "pass"
        failed += bool(problems)
        lines.append(f"{status}  {elapsed:6.1f} s  {path.name}")
        print(lines[-1], flush=True)
        for p in problems:
            print(f"      {p}", flush=True)
    print(f"\nReports in {args.out}")
    print("\n".join(lines))
    print(f"notebooks: {len(notebooks) - failed} passed, {failed} failed")
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
