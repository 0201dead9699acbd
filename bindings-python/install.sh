#!/usr/bin/env bash
# Installs what the Python binding's tests need, once per machine: a virtual environment at
# bindings-python/.venv with maturin, pytest, pandas (<3: PySpark 4 needs it), polars, pyarrow
# and pyspark[sql] (the mapInArrow test; it needs Java 17, which it skips without). Skips what
# is there.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "creating bindings-python/.venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
fi

missing=()
.venv/bin/python -c "import maturin" 2>/dev/null || [ -x .venv/bin/maturin ] || missing+=(maturin)
for module in pytest polars pyarrow; do
    .venv/bin/python -c "import $module" 2>/dev/null || missing+=("$module")
done
.venv/bin/python -c "import pandas, sys; sys.exit(int(pandas.__version__.split('.')[0]) >= 3)" 2>/dev/null || missing+=("pandas<3")
.venv/bin/python -c "import pyspark" 2>/dev/null || missing+=("pyspark[sql]")
if [ ${#missing[@]} -gt 0 ]; then
    echo "pip install ${missing[*]}"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "${missing[@]}"
else
    echo "bindings-python/.venv already has maturin, pytest, pandas<3, polars, pyarrow and pyspark"
fi
