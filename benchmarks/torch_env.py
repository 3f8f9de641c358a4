"""How the benchmarks load torch; imported before torch by every benchmark that times it.

- torch's libgomp workers spin ~300,000 rounds (5-10 ms here) after each parallel region and take the core
  that ttnn's workers need when the two libraries alternate: GOMP_SPINCOUNT is 10,000 (~0.3 ms, like ttnn's
  own pool) unless set.
- By default torch runs its native kernels (oneDNN and ATen with AVX-512, AMX for bf16 where the CPU has them),
  as users run it. `--torch-isa avx2` caps them at AVX2, to compare with torch on an AVX2-only CPU (run ours
  there with TTNN_ISA=avx2). Both libraries read their cap once, when they load, hence before the import.
"""

from __future__ import annotations

import os
import sys

ISA_CAPS = {"native": {}, "avx2": {"ONEDNN_MAX_CPU_ISA": "AVX2", "ATEN_CPU_CAPABILITY": "avx2"}}


def requested_isa(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--torch-isa" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--torch-isa="):
            return arg.split("=", 1)[1]
    return "native"


def prepare(argv: list[str] | None = None) -> None:
    os.environ.setdefault("GOMP_SPINCOUNT", "10000")
    os.environ.update(ISA_CAPS.get(requested_isa(sys.argv if argv is None else argv), {}))


def add_argument(parser) -> None:
    parser.add_argument(
        "--torch-isa",
        choices=sorted(ISA_CAPS),
        default="native",
        help="avx2: cap eager torch's kernels at AVX2, as torch runs on an AVX2-only CPU (default: native)",
    )


def describe() -> str:
    """torch's kernel ISA for a table's header."""
    import torch

    onednn = os.environ.get("ONEDNN_MAX_CPU_ISA", "native")
    return f"torch kernels: ATen {torch.backends.cpu.get_cpu_capability()}, oneDNN max ISA {onednn}"


prepare()
