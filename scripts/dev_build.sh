#!/usr/bin/env bash
# Incremental developer build of the Python extension in place: compiles into build/py and links the module
# into python/ttnn, so `PYTHONPATH=python python -m pytest` runs this checkout's code without a pip install.
# (pip install . builds the same thing into a wheel; this is the fast loop for working on the C++.)
set -euo pipefail
cd "$(dirname "$0")/.."
build_type="${BUILD_TYPE:-Release}"
if [[ ! -f build/py/build.ninja ]]; then
    cmake -S . -B build/py -G Ninja -DTTNN_BUILD_PYTHON=ON -DTTNN_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE="$build_type" \
        -DPython_EXECUTABLE="$(command -v python)" >/dev/null
fi
cmake --build build/py
module=$(find build/py/cpp/bindings -maxdepth 1 -name '_ttnn*.so' | head -n 1)
ln -sf "$PWD/$module" python/ttnn/
echo "built $module; run: PYTHONPATH=python python -m pytest"
