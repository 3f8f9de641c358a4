"""Differential fuzzing of the compiler: random valid programs compiled through ``torch_ttnn.backend`` and
compared with eager PyTorch (``torch-ttnn fuzz --minutes N --seed S``; docs/reliability.md)."""

from torch_ttnn.fuzz.oracle import FuzzFailure, check_program
from torch_ttnn.fuzz.program import InputSpec, Program

__all__ = ["FuzzFailure", "InputSpec", "Program", "check_program"]
