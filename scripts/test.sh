#!/usr/bin/env bash
# The whole test suite: Rust (fmt, clippy, unit and integration tests) and Python (pytest against
# the sandbox, plus the stub check). Creates ./.venv on first use; safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate
python -m pip install --quiet --upgrade pip
# MDEKIT_EXTRAS=dev,interop adds the heavy interoperability extras (.ci/run sets it).
python -m pip install --quiet "maturin>=1.9.4,<2" -e ".[${MDEKIT_EXTRAS:-dev}]"

echo "== module cycles (no sandbox module imports one that imports it back)"
python scripts/check_cycles.py

echo "== cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "== cargo test"
cargo test --workspace --quiet

echo "== ruff"
ruff check python tests benches

echo "== stubs (generated, mypy.stubtest)"
python scripts/gen_stubs.py --check
python -m mypy.stubtest mdekit._mdekit --allowlist tests/stubtest-allowlist.txt
python -m mypy python/mdekit

echo "== pytest"
python -m pytest -q "$@"
