"""Guards against a Qt binding that corrupts reference counts when signals are emitted.

PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()``; on Python 3.11 the
interpreter aborts once the count reaches zero, a few hundred scans into a clerk's shift.
"""

import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal

EMITS = 5000


class Emitter(QObject):
    plain = Signal()
    carrying = Signal(object, object)


def test_emitting_signals_leaves_reference_counts_alone(qapp):
    emitter = Emitter()
    received = []
    emitter.plain.connect(lambda: received.append(1))
    emitter.carrying.connect(lambda a, b: received.append(b))
    counts = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for n in range(EMITS):
        emitter.plain.emit()
        emitter.carrying.emit(None, n)
    assert len(received) == 2 * EMITS
    drift = [abs(after - before) for before, after in zip(counts, (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)), strict=True)]
    assert max(drift) < 50, f"reference counts drifted by {drift} over {EMITS} emits"


def test_signals_from_a_worker_thread_arrive_on_the_gui_thread_intact(qapp, qtbot):
    emitter = Emitter()
    received = []
    emitter.carrying.connect(lambda a, b: received.append((a, b, threading.current_thread())))
    worker = threading.Thread(target=lambda: [emitter.carrying.emit("scan", n) for n in range(EMITS)])
    worker.start()
    qtbot.waitUntil(lambda: len(received) == EMITS, timeout=20000)
    worker.join()
    assert [b for _, b, _ in received] == list(range(EMITS))
    assert {t for _, _, t in received} == {threading.main_thread()}
    assert QCoreApplication.instance() is qapp
