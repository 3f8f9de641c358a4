"""scripts/check_wheel.py, which CI runs on the wheel it builds, names what a wheel lacks."""

import importlib.util
import zipfile
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_wheel.py"
spec = importlib.util.spec_from_file_location("check_wheel", SCRIPT)
check_wheel = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_wheel)


def _wheel(path, names, entry_points):
    with zipfile.ZipFile(path, "w") as wheel:
        for name in names:
            wheel.writestr(name, "")
        wheel.writestr("torch_ttnn-0.1.0.dist-info/entry_points.txt", entry_points)
    return str(path)


def test_a_complete_wheel_passes_and_a_partial_one_is_named(tmp_path):
    names = [*check_wheel.REQUIRED_FILES, "ttnn/_ttnn.cpython-311-x86_64-linux-gnu.so"]
    good = _wheel(tmp_path / "good.whl", names, "\n".join(check_wheel.REQUIRED_ENTRY_POINTS))
    assert check_wheel.problems(good) == []
    bad = _wheel(tmp_path / "bad.whl", names[1:-1], "[console_scripts]\ntorch-ttnn = torch_ttnn.cli:main\n")
    found = check_wheel.problems(bad)
    assert "missing ttnn/__init__.py" in found and "missing the compiled module ttnn/_ttnn*.so" in found
    assert "entry_points.txt lacks '[pytest11]'" in found
    assert check_wheel.main([good]) == 0 and check_wheel.main([bad]) == 1 and check_wheel.main([]) == 2
