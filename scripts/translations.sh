#!/usr/bin/env bash
# Keep the kiosk's Filipino translation in step with the code: new source strings are added to the
# .ts (translate them there, e.g. with pyside6-linguist), and the .qm the program loads is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(dirname "$(command -v python)")"
"$bin/pyside6-lupdate" -no-obsolete app/ui/kiosk_window.py app/ui/keypad.py -ts resources/i18n/counterpos_fil.ts
"$bin/pyside6-lrelease" resources/i18n/counterpos_fil.ts -qm resources/i18n/counterpos_fil.qm
