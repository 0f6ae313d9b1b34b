"""pytest fixtures for the kernel tests; the machinery lives in harness.py."""

from __future__ import annotations

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


