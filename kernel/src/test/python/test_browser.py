"""Crema in JupyterLab 4, in a real browser: headless Debian Chromium driven by Playwright.

One JupyterLab server and one page serve the whole module (a JupyterLab start costs tens of
seconds on a loaded machine); each test opens its own notebook in a new tab, so each has its own
kernel, shut down when the test ends. Every state a test reaches is kept as a screenshot under
target/browser/lab-*.png. The same cell, output and interrupt checks run in Notebook 7 in
test_browser_notebook7.py.
"""

from __future__ import annotations

import re
import time

import pytest
from browser import (
    INTERRUPT_CELLS, OUTPUT_CELLS, Notebook, check_interrupt, check_outputs, chromium,
    jupyter_server, shot,
)
from harness import KERNEL_NAME, LANG, S, SPEC

pytestmark = pytest.mark.skipif(LANG != "java", reason="the browser tests drive Crema's Java cells")


class Lab:
    """The JupyterLab page shared by the module's tests."""

    def __init__(self, page, server):
        self.page, self.server = page, server
        self.opened: list[str] = []

    def notebook(self, name: str, cells: list[str], kernel: bool = True, wait: bool = True):
        self.server.write(name, cells, kernel)
        self.opened.append(name)
        return Notebook.open(self.page, self.server, name, wait_kernel=wait)

    def menu(self, *path: str) -> None:
        """Clicks through the menu bar, e.g. menu("Kernel", "Restart Kernel…")."""
        self.page.locator(".lm-MenuBar-item", has_text=re.compile(f"^{path[0]}$")).click()
        for label in path[1:]:
            item = self.page.locator(".lm-Menu:visible .lm-Menu-item").filter(
                has=self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(label)}$")))
            item.last.click()

    def close_kernels(self) -> None:
        for name in self.opened:
            self.server.shut_down_kernel_of(name)
        self.opened.clear()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("lab")
    with jupyter_server("lab", scratch) as server, chromium(scratch / "profile") as context:
        page = context.new_page()
        page.goto(server.url("lab"))
        page.locator(".jp-LauncherCard").first.wait_for()
        page.wait_for_function("() => !!window.jupyterapp")
        yield Lab(page, server)


@pytest.fixture
def ui(lab):
    yield lab
    lab.page.keyboard.press("Escape")
    lab.close_kernels()


def test_choose_crema_and_run_a_cell(ui):
    """A notebook that names no kernel: JupyterLab asks for one, the user picks Java (Crema)."""
    nb = ui.notebook("choose.ipynb", [S.browser_cell], kernel=False, wait=False)
    dialog = ui.page.locator(".jp-Dialog")
    dialog.wait_for()
    assert "Select Kernel" in dialog.inner_text()
    dialog.locator("select").select_option(label=SPEC.display_name)
    shot(ui.page, "lab-choose-kernel")
    dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
    nb.wait_kernel_idle()
    assert ui.server.kernel_of("choose.ipynb")["name"] == KERNEL_NAME
    assert SPEC.display_name in nb.panel.locator(".jp-NotebookPanel-toolbar").inner_text()
    nb.run(0)
    nb.wait_text(0, S.browser_expect)
    assert nb.wait_done(0).startswith("[1]")
    shot(ui.page, "lab-run-cell")


def test_outputs_chart_and_table(ui):
    check_outputs(ui.notebook("outputs.ipynb", OUTPUT_CELLS), "lab")


def test_interrupt_button(ui):
    check_interrupt(ui.notebook("interrupt.ipynb", INTERRUPT_CELLS), "lab")


FIT_EPOCHS = 3
FIT_CELL = f"""Rng.manualSeed(1);
TensorDataset data = Playground.spirals(6000, 2, 0.05, 5);
var net = new Sequential(new Linear(2, 64), new Tanh(), new Linear(64, 64), new Tanh(), new Linear(64, 2));
var trainer = new Trainer(net, new Adam(net.parameters(), 0.01), new CrossEntropyLoss())
    .metrics(new Accuracy()).callbacks(new LiveCurves(10));
History history = trainer.fit(new DataLoader(data, 32).shuffle(5), {FIT_EPOCHS});
"""

# Records every state of a cell's output area while it changes: how many outputs, how many
# progress bars and chart images, the bars' text and the chart's source.
WATCH = """cell => {
  const area = cell.querySelector('.jp-OutputArea');
  const states = [];
  const snap = () => {
    const imgs = area.querySelectorAll('.jp-OutputArea-output img, .jp-OutputArea-output svg');
    states.push({
      t: performance.now(),
      outputs: area.querySelectorAll('.jp-OutputArea-output').length,
      bars: Array.from(area.querySelectorAll('.crema-progress')).map(b => b.textContent),
      images: imgs.length,
      src: imgs.length ? (imgs[0].getAttribute('src') || imgs[0].outerHTML).slice(-200) : '',
    });
  };
  window.__outputStates = states;
  new MutationObserver(snap).observe(area, {subtree: true, childList: true, attributes: true,
                                            characterData: true});
}"""


def partial(bar: str) -> bool:
    """Whether a progress bar's text shows an epoch under way: ``n/total [`` with 0 < n < total."""
    m = re.search(r"(\d+)/(\d+) \[", bar)
    return bool(m) and 0 < int(m.group(1)) < int(m.group(2))


def test_fit_updates_in_place(ui):
    """A fit's progress bars and live curves update their outputs: the list does not grow."""
    nb = ui.notebook("fit.ipynb", [FIT_CELL])
    nb.cell(0).evaluate(WATCH)
    nb.run(0)
    # A screenshot of the run under way, when a poll catches it: an epoch here can take 0.1 s, so
    # whether a bar showed partial progress is read below from every state the observer recorded.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not nb.done(0):
        bars = nb.cell(0).locator(".crema-progress")
        if bars.count() and partial(bars.last.inner_text()):
            shot(ui.page, "lab-fit-running")
            break
        time.sleep(0.05)
    nb.wait_done(0, timeout_s=240)
    shot(ui.page, "lab-fit-done")
    states = ui.page.evaluate("window.__outputStates")
    under_way = [s for s in states if any(partial(b) for b in s["bars"])]
    assert under_way, f"no bar with partial progress was recorded during the run; states: {states[-5:]}"
    assert max(s["outputs"] for s in under_way) <= FIT_EPOCHS + 1, [s["outputs"] for s in under_way]
    final_outputs = nb.outputs(0).count()
    bars = nb.cell(0).locator(".crema-progress").all_inner_texts()
    # After the run: one bar per epoch, each at 100 %, and one chart.
    assert len(bars) == FIT_EPOCHS, bars
    assert all("100%" in b for b in bars), bars
    assert nb.outputs(0).locator("img, svg").count() == 1, "the live curves are not one chart"
    # In place: the area never held more outputs than at the end, though it changed many times.
    assert max(s["outputs"] for s in states) <= final_outputs, [s["outputs"] for s in states]
    assert final_outputs <= FIT_EPOCHS + 1, final_outputs
    epoch1 = {s["bars"][0] for s in states if s["bars"]}
    assert len(epoch1) >= 3, f"the first bar was updated only {len(epoch1)} times: {epoch1}"
    charts = {s["src"] for s in states if s["images"]}
    assert len(charts) >= 2, "the live curves were drawn once, never updated"
    assert max(s["images"] for s in states) == 1, "a second chart appeared"


def test_completion_and_contextual_help(ui):
    """Tab pops up Java completions; the contextual help panel shows the rendered Javadoc."""
    # A cell runs first, as in a session; completion in a kernel that has run nothing yet got
    # no answer through JupyterLab in an earlier run (see docs/kernel-testing.md).
    nb = ui.notebook("complete.ipynb", ["int warm = 1;", S.completion_text, S.inspect])
    nb.run(0)
    nb.wait_done(0)
    completer = ui.page.locator(".jp-Completer:visible")
    for attempt in range(3):  # a Tab right after the click can come before the editor is ready
        nb.cell(1).locator(".cm-content").click()
        ui.page.keyboard.press("Control+End")
        time.sleep(1)
        ui.page.keyboard.press("Tab")
        try:
            completer.wait_for(timeout=20_000)
            break
        except Exception:
            shot(ui.page, f"lab-completion-attempt-{attempt}")
    completer.wait_for(timeout=1000)
    items = completer.locator(".jp-Completer-item").all_inner_texts()
    shot(ui.page, "lab-completion")
    assert any("println" in i for i in items), items
    assert all(re.sub(r"\s", "", i).lstrip().startswith("pri") or "pri" in i for i in items), items
    ui.page.keyboard.press("Enter")  # accepts the first match
    typed = nb.cell(1).locator(".cm-content").inner_text()
    assert typed.startswith("System.out.print"), typed
    # Contextual help follows the cursor: put it after the name to document.
    ui.menu("Help", "Show Contextual Help")
    nb.cell(2).locator(".cm-content").click()
    ui.page.keyboard.press("Control+End")
    inspector = ui.page.locator(".jp-Inspector-content")
    deadline = time.monotonic() + 60
    while S.inspect_must_mention not in inspector.inner_text():
        assert time.monotonic() < deadline, f"no help shown: {inspector.inner_text()[:300]!r}"
        # The panel asks the kernel when the text changes: type a space and take it back.
        ui.page.keyboard.press("End")
        ui.page.keyboard.type(" ")
        ui.page.keyboard.press("Backspace")
        time.sleep(1)
    shot(ui.page, "lab-contextual-help")
    # Rendered HTML: {@code ...} became <code> elements, not literal text.
    assert inspector.locator("code").count() >= 1, "the Javadoc is not rendered as HTML"
    text = inspector.inner_text()
    assert "<p>" not in text and "{@code" not in text and "{@link" not in text, text[:500]
    ui.page.evaluate("async () => { await window.jupyterapp.commands.execute('inspector:close'); }")


ERROR_CELLS = [
    'int count = "three";',                                  # a compile error
    "int[] small = new int[2];\nsmall[5] = 1;",             # a runtime error
]


def contrasts_of(locator) -> list[tuple[float, str]]:
    """The WCAG contrast ratio of every piece of text in the element against its background."""
    return locator.evaluate("""root => {
      const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
      const lum = c => {
        const [r, g, b] = rgb(c).slice(0, 3).map(v => {
          v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const background = e => {
        for (; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (rgb(c).length === 3 || (rgb(c).length === 4 && rgb(c)[3] > 0.5)) return c;
        }
        return 'rgb(255, 255, 255)';
      };
      const out = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent.trim()) continue;
        const e = n.parentElement;
        const a = lum(getComputedStyle(e).color), b = lum(background(e));
        out.push([(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), n.textContent.trim()]);
      }
      return out;
    }""")


def test_errors_readable_in_light_and_dark_theme(ui):
    nb = ui.notebook("errors.ipynb", ERROR_CELLS)
    for i in range(len(ERROR_CELLS)):
        nb.run(i)
        nb.wait_done(i)
    compile_error = nb.wait_text(0, "count")
    runtime_error = nb.wait_text(1, "ArrayIndexOutOfBounds")
    # Readable: the message and the place, not a wall of kernel internals.
    assert re.search(r"incompatible types|String cannot be converted", compile_error), compile_error
    assert "crema.kernel" not in runtime_error and "jdk.jshell" not in runtime_error, runtime_error
    errors = [nb.cell(i).locator(".jp-OutputArea-output").first for i in range(2)]
    for theme, light in (("JupyterLab Light", "true"), ("JupyterLab Dark", "false")):
        ui.menu("Settings", "Theme", theme)
        ui.page.wait_for_function(f"() => document.body.dataset.jpThemeLight === '{light}'")
        time.sleep(0.5)  # the theme's stylesheet is applied
        shot(ui.page, f"lab-errors-{'light' if light == 'true' else 'dark'}")
        for i, e in enumerate(errors):
            for ratio, text in contrasts_of(e):
                # Words meet WCAG AA for text (4.5:1). The caret marks under a compile error are
                # drawn in JupyterLab's ANSI red, which has 2.7:1 on its light error background.
                wanted = 4.5 if re.search(r"\w", text) else 2.5
                assert ratio >= wanted, f"{theme}, cell {i}: {text[:60]!r} has contrast {ratio:.2f}"
    ui.menu("Settings", "Theme", "JupyterLab Light")


def test_restart_from_menu_then_run(ui):
    nb = ui.notebook("restart.ipynb", ["int kept = 7;", 'System.out.println("restarted-" + 6 * 7);',
                                       "kept"])
    nb.run(0)
    nb.wait_done(0)
    before = ui.server.kernel_of("restart.ipynb")["id"]
    ui.menu("Kernel", "Restart Kernel…")
    dialog = ui.page.locator(".jp-Dialog")
    dialog.wait_for()
    shot(ui.page, "lab-restart-dialog")
    dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
    dialog.wait_for(state="detached")
    nb.wait_kernel_idle()
    nb.run(1)
    nb.wait_text(1, "restarted-42")
    assert nb.wait_done(1).startswith("[1]"), "the restarted kernel did not count from 1"
    assert ui.server.kernel_of("restart.ipynb")["id"] == before  # the same kernel, restarted
    nb.run(2)  # a restart forgets the session's variables
    assert "cannot find symbol" in nb.wait_text(2, "kept")
    shot(ui.page, "lab-restart-then-run")
