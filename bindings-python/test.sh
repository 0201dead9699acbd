#!/usr/bin/env bash
# Builds the wheel with maturin (debug profile: fast to build, fine for tests), installs it
# into bindings-python/.venv, and runs the pytest suite against the installed package.
# pytest's summary line is the result; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x .venv/bin/python ]; then
    echo "bindings-python/.venv is missing: run bindings-python/install.sh first" >&2
    exit 1
fi
PY=$PWD/.venv/bin/python
PROFILE=${NOTICEGATE_PY_PROFILE:-dev}

rm -rf dist
# The CLI the conformance test compares against.
(cd .. && cargo build -q --locked -p noticegate-cli)
"$PY" -m maturin build --quiet --profile "$PROFILE" --interpreter "$PY" --out dist
"$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps dist/*.whl

# Run from tests/ so `import noticegate` finds the installed wheel, not python/.
cd tests
NOTICEGATE_CLI="$(cd ../.. && pwd)/target/debug/noticegate" "$PY" -m pytest -q -p no:cacheprovider .
