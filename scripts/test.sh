#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole suite (this is what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's offscreen platform needs these shared libraries; a bare Debian machine lacks some of them.
QT_LIBS="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3 fonts-dejavu-core"
# PyInstaller (the packaging test builds the one-folder program) reads binaries with objdump.
BUILD_TOOLS="binutils"
missing=$(for p in $QT_LIBS $BUILD_TOOLS; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# Independent oracles that need a newer Python (emupos, the ESC/POS printer emulator): set up
# when such an interpreter exists; the tests that use them skip otherwise.
oracle_python=""
for candidate in python3.14 python3.13 "$HOME"/.pyenv/versions/3.1[3-9]*/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 13))' 2>/dev/null; then
    oracle_python=$candidate; break
  fi
done
if [ -n "$oracle_python" ] && [ ! -x .venv-oracles/bin/python ]; then
  "$oracle_python" -m venv .venv-oracles
  .venv-oracles/bin/python -m pip install -q --disable-pip-version-check emupos==0.4.0
fi

.venv/bin/ruff check --quiet .
QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest "$@"
