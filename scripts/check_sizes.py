"""Prints the largest source files and fails above the hard size caps (docs/architecture.md, Size).

Soft caps (~400 lines of C++, ~300 of Python) are where a file should be split by family; the hard caps
fail CI. Usage: python scripts/check_sizes.py [--top N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CAPS = {  # suffix -> (soft, hard)
    ".cpp": (400, 600),
    ".hpp": (400, 600),
    ".py": (300, 450),
}
# Generated or data-like files that are not code to be read top to bottom.
EXEMPT = ("docs/", "metrics/")


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True)
    return [
        ROOT / line for line in out.stdout.splitlines() if Path(line).suffix in CAPS and not line.startswith(EXEMPT)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    sizes = []
    for path in tracked_files():
        if path.is_file():
            sizes.append((sum(1 for _ in path.open(encoding="utf-8", errors="replace")), path.relative_to(ROOT)))
    sizes.sort(reverse=True)
    print(f"largest {args.top} source files (lines):")
    for lines, path in sizes[: args.top]:
        soft, hard = CAPS[path.suffix]
        mark = "  OVER HARD CAP" if lines > hard else "  over soft cap" if lines > soft else ""
        print(f"  {lines:5d}  {path}{mark}")
    over = [(lines, path) for lines, path in sizes if lines > CAPS[path.suffix][1]]
    for lines, path in over:
        print(f"error: {path} has {lines} lines; the cap is {CAPS[path.suffix][1]}: split it by op family or stage")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
