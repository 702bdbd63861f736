#!/usr/bin/env bash
# Builds the wheel people install without Rust: one abi3 wheel (CPython 3.10 and later) for this
# platform. On Linux it targets manylinux2014 (glibc 2.17): zig links against that glibc's
# symbol versions whatever glibc this machine has, so the wheel runs on every distribution since
# CentOS 7. The `dist` profile (fat LTO, one codegen unit) and --strip make it small.
#
#   bash scripts/wheel.sh [OUTDIR]        # default dist/; prints the wheel's path last
#
# The build tools live in their own venv (.venv-wheel), apart from the test suite's .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-dist}
PYTHON=${PYTHON:-python3}
if [ ! -x .venv-wheel/bin/python ]; then
  "$PYTHON" -m venv .venv-wheel
fi
BP=.venv-wheel/bin/python
"$BP" -m pip install --quiet --upgrade pip
"$BP" -m pip install --quiet "maturin>=1.9.4,<2" "ziglang>=0.13" "auditwheel>=6"

mkdir -p "$OUT"
args=(build --profile dist --strip --out "$OUT")
case "$(uname -s)" in
  Linux) args+=(--zig --compatibility manylinux2014) ;;
esac
# maturin looks for zig on PATH, then as `python -m ziglang`: the build venv's python comes first.
PATH="$PWD/.venv-wheel/bin:$PATH" "$BP" -m maturin "${args[@]}"

wheel=$(ls -t "$OUT"/mdekit-*.whl | head -n 1)
if [ "$(uname -s)" = Linux ]; then
  # auditwheel reads the symbol versions the extension really needs: the tag must not be a promise
  # the binary breaks.
  "$BP" -m auditwheel show "$wheel"
fi
echo "wheel: $wheel ($(du -k "$wheel" | cut -f1) KiB)"
