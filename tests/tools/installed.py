"""The package's entry points as an installed copy declares them, for tests that run from a source checkout:
a ``*.dist-info`` folder with pyproject.toml's entry points, put on a subprocess's PYTHONPATH, is what
importlib.metadata (and so torch's backend registry and pytest's plugin loader) reads after ``pip install``."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def entry_points() -> dict[str, dict[str, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["entry-points"]


def dist_info(folder: Path) -> Path:
    """``folder`` holding torch_ttnn-0.0.0.dist-info with the declared entry points."""
    info = folder / "torch_ttnn_under_test-0.0.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: torch-ttnn-under-test\nVersion: 0.0.0\n")
    lines = []
    for group, entries in entry_points().items():
        lines += [f"[{group}]", *(f"{name} = {target}" for name, target in entries.items()), ""]
    (info / "entry_points.txt").write_text("\n".join(lines))
    return folder


def run_python(args: list[str], folder: Path, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    """``python ARGS`` with this checkout's packages and the entry points of ``dist_info(folder)``."""
    import torch_ttnn

    package_root = str(Path(torch_ttnn.__file__).resolve().parents[1])
    path = os.pathsep.join([str(dist_info(folder)), package_root, os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, **kwargs)
