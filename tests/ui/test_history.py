"""The history window: list, search, filters, reading and editing notes, delete with a confirmation, export.

Real records folder, real reader and writer threads; dialogs are never ``exec()``-ed.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from mindful_listening.core.library import find_script
from mindful_listening.core.record import Note, SessionRecord
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import RecordStore
from mindful_listening.ui import history as history_module
from mindful_listening.ui.history import PAGE, HistoryWidget

SECRET = "Marmalade-coloured silence"


def record(
    session_id: str, started_at: str, script: str = "classic-pairs", note: str = "", ended: bool = True
) -> SessionRecord:
    made = SessionRecord.begin(find_script(script), 60_000)
    made.id = session_id
    made.started_at = started_at
    made.ended_at = started_at if ended else None
    made.participants = ["P1"]
    made.notes = [Note(prompt="What did you notice?", text=note, layer="noticing")]
    return made


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """Collect each test's cyclic garbage on the main thread, never later on a reader or writer thread."""
    yield
    gc.collect()


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["MINDFUL_LISTENING_DATA_DIR"])


@pytest.fixture
def stored(data_dir: Path) -> list[SessionRecord]:
    records = [
        record("march", "2026-03-10T10:00:00+00:00", note=f"{SECRET} after the bell."),
        record("feb", "2026-02-10T10:00:00+00:00", script="rain", note="Slow and kind."),
        record("jan", "2026-01-10T10:00:00+00:00", note="Restless start.", ended=False),
    ]
    with RecordStore.open(data_dir) as store:
        for made in records:
            store.save(made)
    return records


@pytest.fixture
def keeper(qtbot: QtBot, data_dir: Path) -> Iterator[RecordKeeper]:
    made = RecordKeeper(data_dir, debounce_ms=20)
    yield made
    made.close()


@pytest.fixture
def window(qtbot: QtBot, keeper: RecordKeeper) -> Iterator[HistoryWidget]:
    widget = HistoryWidget(keeper=keeper)
    qtbot.add_widget(widget)
    widget.show()
    yield widget
    widget.close()
    assert not widget.reader.running, (
        "closing waited for the reader's thread to exit and closed its connection"
    )


def ids(window: HistoryWidget) -> list[str]:
    return [row.id for row in window.model.rows]


def wait_for_rows(qtbot: QtBot, window: HistoryWidget, expected: list[str]) -> None:
    qtbot.wait_until(lambda: ids(window) == expected, timeout=5000)


def test_it_lists_sessions_newest_first(
    qtbot: QtBot, stored: list[SessionRecord], window: HistoryWidget
) -> None:
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    assert window.model.rowCount() == 3
    assert "unfinished" in window.model.index(2, 3).data()
    qtbot.wait_until(lambda: window.status.text() == "3 session(s)", timeout=5000)
    assert window.windowTitle() == "Session history"


def test_search_and_filters(qtbot: QtBot, stored: list[SessionRecord], window: HistoryWidget) -> None:
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    window.search.setText("restless")
    wait_for_rows(qtbot, window, ["jan"])
    # The words found, in context, follow the page.
    qtbot.wait_until(lambda: "[Restless]" in str(window.model.index(0, 3).data()), timeout=5000)
    window.search.setText("")
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])

    qtbot.wait_until(lambda: window.script_filter.count() == 3, timeout=5000)
    window.script_filter.setCurrentIndex(window.script_filter.findData("rain"))
    wait_for_rows(qtbot, window, ["feb"])
    window.script_filter.setCurrentIndex(0)
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])

    window.date_from.setDate(QDate(2026, 2, 1))
    window.date_to.setDate(QDate(2026, 2, 28))
    window.dates.setChecked(True)
    wait_for_rows(qtbot, window, ["feb"])
    window.dates.setChecked(False)
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])


def test_opening_and_continuing_to_write_notes(
    qtbot: QtBot,
    stored: list[SessionRecord],
    window: HistoryWidget,
    keeper: RecordKeeper,
    data_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    window.table.selectRow(0)
    qtbot.wait_until(lambda: window.current_id() == "march", timeout=5000)
    [editor] = window.editor.note_edits
    assert editor.toPlainText() == f"{SECRET} after the bell."
    assert window.export_button.isEnabled()

    with qtbot.wait_signal(keeper.saved, timeout=5000):
        editor.setPlainText(f"{SECRET} after the bell. Later: calmer.")
    with RecordStore.open(data_dir) as store:
        assert store.get("march").notes[0].text.endswith("Later: calmer.")
    # Notes stay out of the title and the logs.
    assert SECRET not in window.windowTitle()
    assert SECRET not in caplog.text


def test_delete_asks_first_without_exec_and_erases(
    qtbot: QtBot, stored: list[SessionRecord], window: HistoryWidget, data_dir: Path
) -> None:
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    window.table.selectRow(1)
    qtbot.wait_until(lambda: window.current_id() == "feb", timeout=5000)

    box = window.ask_to_delete()
    assert box is not None
    assert box.isVisible()
    box.done(QMessageBox.StandardButton.Cancel.value)  # changed their mind
    assert window.current_id() == "feb"

    box = window.ask_to_delete()
    assert box is not None
    with qtbot.wait_signal(window.keeper.deleted, timeout=5000):  # type: ignore[union-attr]
        box.button(QMessageBox.StandardButton.Yes).click()
    wait_for_rows(qtbot, window, ["march", "jan"])
    assert window.current_id() is None
    with RecordStore.open(data_dir) as store:
        assert [s.id for s in store.sessions()] == ["march", "jan"]


def test_export_runs_in_the_background(
    qtbot: QtBot,
    stored: list[SessionRecord],
    window: HistoryWidget,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    window.table.selectRow(0)
    qtbot.wait_until(lambda: window.current_id() == "march", timeout=5000)
    target = tmp_path / "march.md"
    monkeypatch.setattr(HistoryWidget, "choose_export_path", lambda self, fmt: str(target))
    with qtbot.wait_signal(window.exporter.finished, timeout=10_000):
        window.export_current("md")
    assert SECRET in target.read_text(encoding="utf-8")
    assert str(target) in window.status.text()


def test_a_long_history_loads_page_by_page(qtbot: QtBot, data_dir: Path, keeper: RecordKeeper) -> None:
    total = PAGE * 2 + 17
    with RecordStore.open(data_dir) as store:
        for n in range(total):
            store.save(record(f"s{n:04d}", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00Z"))
    widget = HistoryWidget(keeper=keeper)
    qtbot.add_widget(widget)
    try:
        qtbot.wait_until(lambda: len(widget.model.rows) == PAGE, timeout=5000)
        while widget.model.canFetchMore():
            with qtbot.wait_signal(widget.model.loaded, timeout=5000):
                widget.model.fetchMore()
        assert len(set(ids(widget))) == total
        starts = [r.started_at for r in widget.model.rows]
        assert starts == sorted(starts, reverse=True)
    finally:
        widget.close()


def test_a_session_saved_while_open_appears(
    qtbot: QtBot,
    stored: list[SessionRecord],
    window: HistoryWidget,
    keeper: RecordKeeper,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(history_module, "REFRESH_DELAY_MS", 10)
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    keeper.save(record("april", "2026-04-01T10:00:00+00:00"))
    wait_for_rows(qtbot, window, ["april", "march", "feb", "jan"])


def test_without_a_keeper_it_is_read_only(qtbot: QtBot, stored: list[SessionRecord]) -> None:
    widget = HistoryWidget(keeper=object())
    qtbot.add_widget(widget)
    try:
        wait_for_rows(qtbot, widget, ["march", "feb", "jan"])
        assert widget.ask_to_delete() is None
        assert not widget.delete_button.isEnabled()
    finally:
        widget.close()


def test_an_empty_history_says_so(qtbot: QtBot, keeper: RecordKeeper) -> None:
    widget = HistoryWidget(keeper=keeper)
    qtbot.add_widget(widget)
    try:
        qtbot.wait_until(lambda: "No sessions yet" in widget.status.text(), timeout=5000)
    finally:
        widget.close()
