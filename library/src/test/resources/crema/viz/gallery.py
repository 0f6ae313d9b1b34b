"""Exported-report check for crema.viz, without a kernel (run with /usr/bin/python3).

Reads the bundles written by crema.viz.VizGallery, puts each in a notebook as display_data,
exports the notebook to HTML with nbconvert (as `make reports` does) and opens the page in
headless Chromium: every <img> and inline <svg> must have rendered with a non-zero size.
Writes target/viz-gallery.html and target/viz-gallery.png (a screenshot).
"""
import json
import os
import subprocess
import sys
import tempfile

import nbformat
from nbconvert import HTMLExporter

src = sys.argv[1] if len(sys.argv) > 1 else "target/viz-gallery.json"
outdir = os.path.dirname(os.path.abspath(src))
items = json.load(open(src))
nb = nbformat.v4.new_notebook()
for item in items:
    nb.cells.append(nbformat.v4.new_markdown_cell("## " + item["name"]))
    code = nbformat.v4.new_code_cell("display(x)")
    code.outputs = [nbformat.v4.new_output("display_data", data=item["data"])]
    nb.cells.append(code)
html, _ = HTMLExporter().from_notebook_node(nb)
# a probe that reports how many figures rendered, read back through the DOM dump
probe = """<script>
window.addEventListener('load', () => {
  const imgs = [...document.querySelectorAll('img')];
  const svgs = [...document.querySelectorAll('svg')].filter(s => s.closest('.output_area, .jp-OutputArea-output, .output_subarea'));
  const bad = imgs.filter(i => !(i.naturalWidth > 0)).length + svgs.filter(s => !(s.getBoundingClientRect().width > 0)).length;
  document.title = 'imgs=' + imgs.length + ' svgs=' + svgs.length + ' bad=' + bad;
});
</script>"""
page = os.path.join(outdir, "viz-gallery.html")
with open(page, "w") as f:
    f.write(html.replace("</body>", probe + "</body>"))
dom = subprocess.run(
    ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
     "--dump-dom", "file://" + page], capture_output=True, text=True, timeout=120).stdout
title = dom.split("<title>")[1].split("</title>")[0] if "<title>" in dom else "?"
print(title)
subprocess.run(
    ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,3000",
     "--screenshot=" + os.path.join(outdir, "viz-gallery.png"), "file://" + page],
    capture_output=True, timeout=120)
ok = "bad=0" in title and "imgs=0" not in title
sys.exit(0 if ok else 1)
