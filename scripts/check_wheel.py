"""Checks a built wheel: both import packages, the compiled module, the console script and the entry points
(the `ttnn` torch.compile backend and the pytest plugin). Usage: python scripts/check_wheel.py dist/*.whl"""

from __future__ import annotations

import sys
import zipfile

REQUIRED_FILES = ("ttnn/__init__.py", "torch_ttnn/__init__.py", "torch_ttnn/cli.py", "torch_ttnn/pytest_plugin.py")
REQUIRED_ENTRY_POINTS = (
    "[console_scripts]",
    "torch-ttnn = torch_ttnn.cli:main",
    "[torch_dynamo_backends]",
    "ttnn = torch_ttnn.dynamo_backend:ttnn_backend",
    "[pytest11]",
    "torch_ttnn.pytest_plugin = torch_ttnn.pytest_plugin",
)


def problems(path: str) -> list[str]:
    names = zipfile.ZipFile(path).namelist()
    found = [f"missing {f}" for f in REQUIRED_FILES if f not in names]
    if not any(n.startswith("ttnn/_ttnn") and n.endswith(".so") for n in names):
        found.append("missing the compiled module ttnn/_ttnn*.so")
    entry_files = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(path).read(entry_files[0]).decode() if entry_files else ""
    found += [f"entry_points.txt lacks {line!r}" for line in REQUIRED_ENTRY_POINTS if line not in text]
    return found


def main(paths: list[str]) -> int:
    if not paths:
        print("check_wheel: expected the path of a wheel; got none")
        return 2
    failed = 0
    for path in paths:
        found = problems(path)
        print(f"{path}: " + ("ok" if not found else "; ".join(found)))
        failed += bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
