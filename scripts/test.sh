#!/usr/bin/env bash
# Every test, in the order CI runs them; README's test command. Assumes the package is installed
# (`bash .ci/run` installs everything from nothing, then calls this).
#   1. project rules, size caps, formatting, generated documents up to date
#   2. C++ unit tests (GoogleTest via ctest): dev build, AddressSanitizer+UBSan build, scalar-only build
#   3. pytest with the fast kernels, then again with the portable scalar kernels forced (TTNN_ISA=scalar)
# Set TTNN_TEST_QUICK=1 to skip the sanitizer and scalar C++ builds while iterating.
set -euo pipefail
cd "$(dirname "$0")/.."
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
start=$SECONDS
step() { printf '\n=== %s (%ds) ===\n' "$1" $((SECONDS - start)); }

step "project rules and sizes"
python scripts/check_project_rules.py
python scripts/check_sizes.py
step "format"
bash scripts/format.sh --check
step "generated documents (README model table, docs/) match metrics/"
python -m torch_ttnn docs --check

presets=(dev asan-ubsan scalar)
[[ ${TTNN_TEST_QUICK:-0} == 1 ]] && presets=(dev)
for preset in "${presets[@]}"; do
    step "C++ unit tests: $preset"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
    ctest --preset "$preset"
done

step "pytest (fast kernels; the IR verifier after every compiler pass)"
TORCH_TTNN_VERIFY=1 python -m pytest -q -p no:cacheprovider
step "pytest (scalar kernels: TTNN_ISA=scalar)"
TTNN_ISA=scalar python -m pytest -q -p no:cacheprovider tests/ttnn

step "all tests passed"
