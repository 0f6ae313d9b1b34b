"""The memory an idle participant holds: the user VM's background warm-up must not leave the young
generation written (the serial collector never gives those pages back)."""

from __future__ import annotations

import time

import pytest
from harness import LANG
from samples import NOT_APPLICABLE

# Prints the young generation's allocation pool (the collectors call it "... Eden Space"): the most
# it ever held, its size, and the number of collections so far.
EDEN = """
long peak = -1, size = -1, collections = 0;
for (var p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
  if (p.getName().contains("Eden")) { peak = p.getPeakUsage().getUsed(); size = p.getUsage().getCommitted(); }
}
for (var c : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
  collections += c.getCollectionCount();
}
System.out.println(peak + " " + size + " " + collections);
"""


def test_the_warm_up_writes_little_of_the_young_generation(fresh_kernel):
    """The training warm-up collects every 16 MB it allocates, so eden never fills: by the first
    collection it has held far less than its size. Without the cap, the first collection came when
    the warm-up had filled eden (and the serial collector then copied survivors, writing those
    spaces too)."""
    if LANG != "java":
        pytest.skip(NOT_APPLICABLE["user_vm"])
    k = fresh_kernel(env={"CREMA_IDLE_TRIM": "0"})
    k.ok("1 + 1")
    deadline = time.monotonic() + 120
    while True:
        time.sleep(5)  # the warm-up runs only while no cell does
        peak, size, collections = (int(x) for x in k.ok(EDEN).stdout.split())
        if collections > 0 or time.monotonic() > deadline:
            break
    assert collections > 0, "the warm-up never collected within two minutes"
    assert size > 0 and peak < 0.75 * size, \
        f"eden held {peak >> 20} MB of its {size >> 20} MB before the warm-up's first collection"


def rss_mb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return int(f.read().split("VmRSS:")[1].split()[0]) // 1024


# Four snippets, each new name referring to the one before: what a notebook's cells look like to
# JShell, which compiles every snippet against all that it holds.
NOTEBOOK_CELL = """int a{i} = {i};
int f{i}(int x) {{ return x * a{i}; }}
String s{i} = "v" + f{i}(3);
f{i}(2) + s{i}.length()"""

# Measured over the 200 cells below (JDK 25): +28 MB with the kernel collecting itself, +381 MB
# without (CREMA_IDLE_TRIM=0).
GROWTH_LIMIT_MB = 80


def test_the_kernel_jvm_does_not_grow_with_every_cell(fresh_kernel):
    """200 such cells, 800 snippets. JShell's compiles allocate more the more snippets it holds,
    and the serial collector grew the kernel JVM's old generation with the promoted garbage instead
    of collecting it, without bound (133 to 1,985 MB over 400 cells). The kernel now collects
    itself when its compiler is idle or its old generation grew much (CompilerHeapTrim), and its
    heap shrinks to what is live."""
    if LANG != "java":
        pytest.skip(NOT_APPLICABLE["user_vm"])
    k = fresh_kernel()
    k.ok("1 + 1")
    time.sleep(4)  # the collection after the first cell, once the kernel is idle for 2 s
    before = rss_mb(k.pid)
    for i in range(200):
        k.ok(NOTEBOOK_CELL.format(i=i))
    time.sleep(4)
    after = rss_mb(k.pid)
    assert after - before < GROWTH_LIMIT_MB, \
        f"the kernel JVM grew from {before} to {after} MB over 200 cells"
