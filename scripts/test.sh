#!/usr/bin/env bash
# Every test, in the order CI runs them; README's test command. Assumes the package is installed
# (`bash .ci/run` installs everything from nothing, then calls this).
#   1. project rules, size caps, formatting, generated documents up to date
#   2. C++ unit tests (GoogleTest via ctest): dev build, AddressSanitizer+UBSan build, scalar-only build
#   3. pytest with the fast kernels, then again with the portable scalar kernels forced (TTNN_ISA=scalar), then
#      the GEMM and ISA tests under each tier between AVX2 and the best one the machine has (TTNN_ISA=avx512...)
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
# The runs above use the best tier; the tiers between it and AVX2 get the ops with kernels of their own (the
# GEMM) and the ISA tests. test_matmul.py also compares every tier with scalar inside one process.
for tier in $(python -c "import ttnn; print(' '.join(t for t in ttnn.available_isas()[2:-1]))"); do
    step "pytest (TTNN_ISA=$tier: matmul, conv and the ISA tests)"
    TTNN_ISA=$tier python -m pytest -q -p no:cacheprovider tests/ttnn/test_matmul.py tests/ttnn/test_conv.py \
        tests/ttnn/test_eltwise_isa.py tests/ttnn/test_backward.py
done

step "all tests passed"
