#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole suite (this is what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's offscreen platform needs these shared libraries; a bare Debian machine lacks some of them.
QT_LIBS="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3 fonts-dejavu-core"
# PyInstaller (the packaging test builds the one-folder program) reads binaries with objdump.
BUILD_TOOLS="binutils"
# The kiosk's escape tests run it on a real X display with a real window manager (Xvfb, openbox,
# xdotool), through Qt's xcb platform and the XCB libraries it loads.
X_SESSION="xvfb openbox xdotool libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1"
missing=$(for p in $QT_LIBS $BUILD_TOOLS $X_SESSION; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# emupos, the independent ESC/POS printer emulator, needs a Python >= 3.13: it gets a venv of its
# own (.venv-oracles) made with the first such interpreter found. A venv that is broken, a link,
# or lacks emupos is made again. With no such interpreter the emupos tests skip, except in CI,
# where a missing oracle fails them (tests/helpers/oracles.py).
EMUPOS="emupos==0.4.0"
oracle_python=""
for candidate in python3.14 python3.13 "$HOME"/.pyenv/versions/3.1[3-9]*/bin/python3 \
                 /usr/local/bin/python3.1[3-9] /usr/bin/python3.1[3-9]; do
  if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 13))' >/dev/null 2>&1; then
    oracle_python=$candidate; break
  fi
done
if [ -n "$oracle_python" ]; then
  if ! .venv-oracles/bin/python -c 'import emupos' >/dev/null 2>&1 || [ -L .venv-oracles ]; then
    rm -rf .venv-oracles
    "$oracle_python" -m venv .venv-oracles
    .venv-oracles/bin/python -m pip install -q --disable-pip-version-check "$EMUPOS"
  fi
else
  echo "scripts/test.sh: no Python >= 3.13 found, so the emupos printer emulator cannot be set up" >&2
fi

.venv/bin/ruff check --quiet .
QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest "$@"
