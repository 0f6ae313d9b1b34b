"""pytest fixtures for the kernel tests; the machinery lives in harness.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from harness import KERNEL_NAME, LANG, S, Kernel  # noqa: E402


# --------------------------------------------------------------------------------------------
# Fixtures.


@pytest.fixture(scope="session")
def kernel_name() -> str:
    return KERNEL_NAME


@pytest.fixture(scope="session")
def lang() -> str:
    return LANG


@pytest.fixture(scope="session")
def s():
    """The code samples for the kernel's language (see samples.py)."""
    return S


@pytest.fixture(scope="module")
def kernel():
    """One kernel shared by a test module; tests using it must leave it usable."""
    k = Kernel.start()
    yield k
    k.stop()


@pytest.fixture
def fresh_kernel():
    """A kernel of its own, for tests that may damage it."""
    started: list[Kernel] = []

    def start(**kw) -> Kernel:
        k = Kernel.start(**kw)
        started.append(k)
        return k

    yield start
    for k in started:
        k.stop()




# Known failures of the Crema kernel (or of the library's display seam) at the time of writing,
# marked xfail(strict=False) so that `make test` stays green while they are fixed. Each entry names
# what the kernel does wrong. A fixed one shows up as XPASS: then delete its line.
# CREMA_TEST_STRICT=1 runs them as ordinary tests.
KNOWN_FAILURES: dict[str, str] = {
}


def pytest_collection_modifyitems(config, items):
    if LANG != "java" or os.environ.get("CREMA_TEST_STRICT") == "1":
        return
    for item in items:
        for key, reason in KNOWN_FAILURES.items():
            if key in item.nodeid:
                item.add_marker(pytest.mark.xfail(reason=reason, strict=False))
