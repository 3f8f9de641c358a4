#!/usr/bin/env bash
# Formats the C++ (clang-format, .clang-format) and the Python (ruff format + ruff check --fix).
# With --check nothing is changed and the exit status says whether everything is formatted.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t cpp_files < <(git ls-files -co --exclude-standard 'cpp/*.cpp' 'cpp/*.hpp')
python_dirs=(python tests scripts benchmarks)
existing=()
for d in "${python_dirs[@]}"; do [[ -d $d ]] && existing+=("$d"); done
if [[ ${1:-} == --check ]]; then
    clang-format --dry-run --Werror "${cpp_files[@]}"
    ruff format --check "${existing[@]}"
    ruff check "${existing[@]}"
else
    clang-format -i "${cpp_files[@]}"
    ruff format "${existing[@]}"
    ruff check --fix "${existing[@]}"
fi
