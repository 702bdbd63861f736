#!/usr/bin/env bash
# The benchmarks: `bash benches/run.sh` (from a clean clone: creates ./.venv, installs the `bench`
# extra's baselines, builds mdekit in release mode, then prints every comparison). Arguments go to
# benches/run.py, e.g. `bash benches/run.sh --only 1,2 --repeat 3`. Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet "maturin>=1.9.4,<2" -e ".[bench]"
maturin develop --release --quiet
python benches/run.py "$@"
