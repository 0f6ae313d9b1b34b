"""Crema in Notebook 7, in a real browser (headless Debian Chromium driven by Playwright): the
cell, output and interrupt checks of test_browser.py (JupyterLab 4) in the classic one-notebook
page. One Notebook 7 server and one browser serve the module; screenshots go to
target/browser/nb7-*.png.
"""

from __future__ import annotations

import pytest
from browser import (
    INTERRUPT_CELLS, OUTPUT_CELLS, Notebook, check_interrupt, check_outputs, chromium,
    jupyter_server, shot,
)
from harness import KERNEL_NAME, LANG, S, SPEC

pytestmark = pytest.mark.skipif(LANG != "java", reason="the browser tests drive Crema's Java cells")


@pytest.fixture(scope="module")
def nb7(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("nb7")
    with jupyter_server("notebook", scratch) as server, chromium(scratch / "profile") as context:
        yield server, context.new_page()


@pytest.fixture
def open_notebook(nb7):
    server, page = nb7
    opened = []

    def open_(name: str, cells: list[str], kernel: bool = True, wait: bool = True) -> Notebook:
        server.write(name, cells, kernel)
        opened.append(name)
        return Notebook.open(page, server, name, wait_kernel=wait)

    yield open_
    for name in opened:
        server.shut_down_kernel_of(name)


def test_choose_crema_and_run_a_cell(open_notebook):
    nb = open_notebook("choose.ipynb", [S.browser_cell], kernel=False, wait=False)
    dialog = nb.page.locator(".jp-Dialog")
    dialog.wait_for()
    dialog.locator("select").select_option(label=SPEC.display_name)
    shot(nb.page, "nb7-choose-kernel")
    dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
    nb.wait_kernel_idle()
    assert nb.server.kernel_of("choose.ipynb")["name"] == KERNEL_NAME
    nb.run(0)
    nb.wait_text(0, S.browser_expect)
    assert nb.wait_done(0).startswith("[1]")
    shot(nb.page, "nb7-run-cell")


def test_outputs_chart_and_table(open_notebook):
    check_outputs(open_notebook("outputs.ipynb", OUTPUT_CELLS), "nb7")


def test_interrupt_button(open_notebook):
    check_interrupt(open_notebook("interrupt.ipynb", INTERRUPT_CELLS), "nb7")
