"""The counter's window is built without the libraries only a later job needs: each costs the start
tenths of a second (tests/benchmarks/bench_start.py measures it), and each is loaded when first used
or by the warm-up thread once the window is up."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from app.store import Database
from tests.helpers.processes import free_port, isolated_env

LATER = ("requests", "keyring", "sqlite_utils", "reportlab", "escpos", "biip", "qrcode", "barcode", "PIL",
         "importlib.metadata", "nats")

BUILD_THE_WINDOW = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from app.compose import build_counter
    from app.settings import Settings

    folder = Path(sys.argv[1])
    app = QApplication([])
    settings = Settings(store_id="0166", central_url=sys.argv[2], token_file="", db=str(folder / "counter.db"),
                        print_dir=str(folder / "prints"), reports_dir=str(folder / "reports"))
    counter = build_counter(settings, "token")
    counter.window.show()
    app.processEvents()
    print(json.dumps(sorted(sys.modules)))
""")


def test_building_the_counter_window_loads_none_of_the_later_libraries(tmp_path):
    Database(tmp_path / "counter.db").close()  # a counter that has run before: its migrations are done
    central = f"http://127.0.0.1:{free_port()}"
    run = subprocess.run([sys.executable, "-c", BUILD_THE_WINDOW, str(tmp_path), central],
                         env=isolated_env(tmp_path), capture_output=True, text=True, timeout=120, check=True)
    modules = json.loads(run.stdout.splitlines()[-1])
    loaded = set(modules) | {name.split(".")[0] for name in modules}
    assert [name for name in LATER if name in loaded] == []
