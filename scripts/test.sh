#!/usr/bin/env bash
# Install everything the tests need into .venv and run the whole suite (this is what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's offscreen platform needs these shared libraries; a bare Debian machine lacks some of them.
QT_LIBS="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3 fonts-dejavu-core"
missing=$(for p in $QT_LIBS; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check --quiet .
QT_QPA_PLATFORM=offscreen exec .venv/bin/python -m pytest "$@"
