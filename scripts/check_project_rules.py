"""Project rules that formatters do not check (docs/architecture.md, Checks). Exits non-zero naming file and line.

- The C++ never includes torch, ATen or c10 headers (tensors cross as DLPack).
- python/ttnn imports torch only inside functions (``import ttnn`` must work without torch), except the
  golden references, which exist to call torch.
- No tabs or trailing whitespace in C++ sources.
- Files under cpp/ttnn/src/kernels see buffers and sizes only: no ``ops/`` header and no Tensor parameter
  (a file that walks Tensors is an op helper and lives in ops/; docs/architecture.md, Layers).
- Every op family in ttnn/ops/families.def has its source file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TORCH_INCLUDE = re.compile(r'^\s*#\s*include\s*[<"](torch|ATen|c10)/')
MODULE_TORCH_IMPORT = re.compile(r"^(import torch|from torch)\b")
OPS_INCLUDE = re.compile(r'^\s*#\s*include\s*"ops/')
TENSOR_PARAMETER = re.compile(r"\bTensor\s*[&*]")


def files(*patterns: str) -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", *patterns], cwd=ROOT, capture_output=True, text=True
    )
    return [ROOT / p for p in out.stdout.splitlines() if (ROOT / p).is_file()]


def check_cpp(problems: list[str]) -> None:
    for path in files("cpp/*.cpp", "cpp/*.hpp", "cpp/*.def"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{number}"
            if TORCH_INCLUDE.match(line):
                problems.append(f"{where}: includes a torch header; the C++ must build without torch (use DLPack)")
            if "\t" in line:
                problems.append(f"{where}: tab character; indent with spaces")
            if line != line.rstrip():
                problems.append(f"{where}: trailing whitespace")
            if path.parent.as_posix().endswith("cpp/ttnn/src/kernels") and (
                OPS_INCLUDE.match(line) or TENSOR_PARAMETER.search(line)
            ):
                problems.append(f"{where}: a kernel walks Tensors or includes an ops/ header; move it to ops/")


def check_ttnn_python(problems: list[str]) -> None:
    for path in files("python/ttnn/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("python/ttnn/golden/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if MODULE_TORCH_IMPORT.match(line):
                problems.append(f"{relative}:{number}: module-level torch import; import it inside the function")


def check_families(problems: list[str]) -> None:
    families_def = ROOT / "cpp/ttnn/include/ttnn/ops/families.def"
    for family in re.findall(r"^TTNN_OP_FAMILY\((\w+)\)", families_def.read_text(), re.M):
        sources = list((ROOT / "cpp/ttnn/src/ops").glob(f"{family}*.cpp"))
        if not any(f"register_{family}_ops" in s.read_text() for s in sources):
            problems.append(
                f"families.def lists '{family}' but no cpp/ttnn/src/ops/{family}*.cpp defines register_{family}_ops"
            )


def main() -> int:
    problems: list[str] = []
    check_cpp(problems)
    check_ttnn_python(problems)
    check_families(problems)
    for problem in problems:
        print(f"error: {problem}")
    print(f"project rules: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
