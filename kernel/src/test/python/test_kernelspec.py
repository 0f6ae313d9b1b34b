"""The installed kernelspec: interrupt mode, language and the 32 and 64 px logos."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from harness import LANG, SPEC


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_kernelspec_fields():
    if LANG != "java":
        pytest.skip("the Crema kernelspec contract applies to the Java kernel only")
    assert SPEC.language == "java"
    # Signal mode would SIGINT the whole process group and kill both JVMs.
    assert SPEC.interrupt_mode == "message"
    assert SPEC.argv[-1] == "{connection_file}"
    # A kernel manager with transport_encryption "auto" provisions CurveZMQ keys only for kernels
    # that declare it.
    assert "curve" in SPEC.metadata.get("supported_encryption", [])


@pytest.mark.parametrize("size", [32, 64])
def test_logos(size):
    logo = Path(SPEC.resource_dir) / f"logo-{size}x{size}.png"
    assert logo.exists(), f"the kernelspec has no {logo.name} (front ends show it in the toolbar)"
    assert png_size(logo) == (size, size)
