"""The memory an idle participant holds: the user VM's background warm-up must not leave the young
generation written (the serial collector never gives those pages back)."""

from __future__ import annotations

import time

import pytest
from harness import LANG
from samples import NOT_APPLICABLE

# Prints the collections so far: young ones (by the collector whose pools are all young: the serial
# collector's "Copy") and the others (full ones, "MarkSweepCompact").
COLLECTIONS = """
long young = 0, other = 0;
for (var c : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
  boolean onlyYoung = java.util.Arrays.stream(c.getMemoryPoolNames())
      .allMatch(n -> n.contains("Eden") || n.contains("Survivor"));
  if (onlyYoung) { young += c.getCollectionCount(); } else { other += c.getCollectionCount(); }
}
System.out.println(young + " " + other);
"""


def test_the_warm_up_collects_in_full_not_into_the_survivor_spaces(fresh_kernel):
    """The serial collector never gives its young generation back, and each young collection writes
    a survivor space. The training warm-up allocates several hundred MB while the participant reads:
    left alone, that is a young collection every 21 MB of eden, copying its live models into the
    survivor spaces, both of which then stay written. It collects in full every 16 MB instead (at
    most half of eden, EdenCap), which writes no survivor space. One or two young collections may
    still come from bursts the cap does not see: the chart warm-up allocates about 40 MB in one
    call, more than the eden."""
    if LANG != "java":
        pytest.skip(NOT_APPLICABLE["user_vm"])
    k = fresh_kernel(env={"CREMA_IDLE_TRIM": "0"})
    k.ok("1 + 1")
    deadline = time.monotonic() + 120
    while True:
        time.sleep(5)  # the warm-up runs only while no cell does
        young, full = (int(x) for x in k.ok(COLLECTIONS).stdout.split())
        if full >= 10 or time.monotonic() > deadline:
            break
    assert full >= 10, f"the warm-up ran {full} full collections within two minutes, not 10"
    assert young <= 2, f"the warm-up's garbage went through {young} young collections ({full} full)"


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
