"""The history window: list, search, filters, reading and editing notes, delete with a confirmation, export.

Real records folder, real reader and writer threads; dialogs are never ``exec()``-ed.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, QObject, QSize, QStandardPaths, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.diary import DiaryEntry
from mindful_listening.core.library import find_script
from mindful_listening.core.record import Note, SessionRecord
from mindful_listening.storage.exchange import records_document, to_json
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import Imported, Query, RecordStore, SessionSummary
from mindful_listening.timers import HandTimers
from mindful_listening.ui import history as history_module
from mindful_listening.ui.history import (
    DEFAULT_SIZE,
    PAGE,
    HistoryWidget,
    export_file_name,
    fit_widths,
    import_summary,
)
from mindful_listening.ui.widgets import WINDOW_FRAME, export_folder

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
    qtbot.wait_until(lambda: window.status.text() == "3 sessions", timeout=5000)
    assert window.windowTitle() == "Session history"
    window.search.setText("restless")
    qtbot.wait_until(lambda: window.status.text() == "1 session", timeout=5000)


def test_a_rehearsal_is_marked_in_its_row_and_its_details(
    qtbot: QtBot, stored: list[SessionRecord], window: HistoryWidget, keeper: RecordKeeper
) -> None:
    rehearsal = record("rehearsal", "2026-04-01T10:00:00+00:00", note="Kept time well.")
    rehearsal.source = "play"
    rehearsal.speed = 30.0  # play --scale 30
    with RecordStore.open(keeper.directory) as store:
        store.save(rehearsal)
    window.apply_filters()
    wait_for_rows(qtbot, window, ["rehearsal", "march", "feb", "jan"])
    flags = [window.model.index(row, 3).data() for row in range(4)]
    assert flags[0] == "rehearsal at 30× · notes"
    assert not any("rehearsal" in str(words) for words in flags[1:]), "a session with a room is not marked"

    window.table.selectRow(0)
    qtbot.wait_until(lambda: window.current_id() == "rehearsal", timeout=5000)
    assert " · finished · rehearsal at 30× speed · P1" in window.editor.details.text()
    window.table.selectRow(1)
    qtbot.wait_until(lambda: window.current_id() == "march", timeout=5000)
    assert "rehearsal" not in window.editor.details.text()


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


# ===================================================================== columns and exports
@pytest.fixture
def long_rows(data_dir: Path) -> list[SessionRecord]:
    """The longest built-in title, and six participant codes."""
    made = [
        record("rain", "2026-03-10T10:00:00+00:00", script="rain", note=SECRET),
        record("pairs", "2026-03-03T10:00:00+00:00", script="speak-reflect-respond"),
    ]
    made[0].participants = ["P1", "P2", "P3", "P4", "P5", "P6"]
    with RecordStore.open(data_dir) as store:
        for one in made:
            store.save(one)
    return made


def header_problems(window: HistoryWidget, contents: bool) -> list[str]:
    """Headers cut short (and with ``contents``, cells too) in the list, as it is now."""
    table = window.table
    header = table.horizontalHeader()
    found: list[str] = []
    for section in range(header.count()):
        words = window.model.headerData(section, Qt.Orientation.Horizontal)
        if header.sectionSize(section) < header.sectionSizeHint(section):
            found.append(f"the header {words!r} is cut short")
        holds = table.sizeHintForColumn(section)
        if contents and section < header.count() - 1 and header.sectionSize(section) < holds:
            found.append(f"the {words!r} column cuts what it holds short")
    if header.length() > table.viewport().width():
        found.append("the columns are wider than the list: it scrolls sideways")
    return found


@pytest.mark.parametrize("screen", [QSize(1366, 768), QSize(1920, 1080)], ids=["1366x768", "1920x1080"])
def test_the_columns_fit_their_headers_and_contents_at_the_size_it_opens_on_a_laptop(
    qtbot: QtBot, long_rows: list[SessionRecord], window: HistoryWidget, screen: QSize
) -> None:
    wait_for_rows(qtbot, window, ["rain", "pairs"])
    size = DEFAULT_SIZE.boundedTo(screen - WINDOW_FRAME)  # what fit_to_screen opens it at there
    window.resize(size)
    QApplication.processEvents()
    assert window.size() == size
    assert header_problems(window, contents=True) == []
    assert window.table.horizontalHeader().stretchLastSection(), "the notes take the rest"


def test_what_a_column_holds_is_measured_as_qt_measures_it(
    qtbot: QtBot, long_rows: list[SessionRecord], window: HistoryWidget
) -> None:
    """The list measures its cells' texts itself and asks Qt only about the widest (a page of 100 took Qt
    20-25 ms): the widths must be the ones Qt's own measure gives, every column."""
    wait_for_rows(qtbot, window, ["rain", "pairs"])
    table = window.table
    qt_measure = [table.sizeHintForColumn(column) for column in range(table.horizontalHeader().count())]
    assert window._holds == qt_measure
    assert min(qt_measure) > 0


def test_a_narrow_window_cuts_a_long_title_short_before_any_header(
    qtbot: QtBot, long_rows: list[SessionRecord], window: HistoryWidget
) -> None:
    available = window.screen().availableGeometry().size()
    assert window.size() == DEFAULT_SIZE.boundedTo(available - WINDOW_FRAME), (
        "it opens no bigger than its screen"
    )
    wait_for_rows(qtbot, window, ["rain", "pairs"])
    window.resize(640, 600)
    QApplication.processEvents()
    assert header_problems(window, contents=False) == []
    header = window.table.horizontalHeader()
    assert header.sectionSize(0) >= window.table.sizeHintForColumn(0), "the date is always whole"
    assert header.sectionSize(1) < window.table.sizeHintForColumn(1), "the long title gives way"
    model = window.model
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == find_script("rain").title
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == "P1, P2, P3, P4, P5, P6"


def test_fitting_widths_cuts_the_widest_first_and_never_below_a_floor() -> None:
    assert fit_widths([100, 300, 150], [100, 60, 60], 600) == [100, 300, 150], "room for all"
    assert fit_widths([100, 300, 150], [100, 60, 60], 400) == [100, 150, 150]
    assert fit_widths([100, 300, 150], [100, 60, 60], 300) == [100, 100, 100]
    assert fit_widths([100, 300, 150], [100, 60, 60], 100) == [100, 60, 60], "the floors win"


def local_day(utc: str) -> str:
    return datetime.fromisoformat(utc).astimezone().date().isoformat()


def test_an_export_is_offered_a_name_that_says_when_and_which_script_and_nothing_private(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    made = record("march", "2026-03-10T12:00:00+00:00", note=SECRET)
    made.participants = ["JS", "P2"]
    made.assessment = {"trainee_code": "T-07"}
    day = local_day(made.started_at)  # the calendar day where the session was run
    assert export_file_name(made, "pdf") == f"mindful-listening-{day}-classic-pairs.pdf"
    assert export_file_name(made, "md") == f"mindful-listening-{day}-classic-pairs.md"
    made.script_id = "My Own Script!"
    assert export_file_name(made, "json") == f"mindful-listening-{day}-my-own-script.json"
    for private in ("JS", "P2", "T-07", "Marmalade", "march"):
        assert private not in export_file_name(made, "pdf")

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    assert export_folder() == tmp_path, "no Documents folder: the home folder"
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    documents.mkdir(parents=True)
    assert export_folder() == documents
    assert documents.is_relative_to(tmp_path)


def test_the_export_dialog_opens_on_that_name_in_that_folder(
    qtbot: QtBot, stored: list[SessionRecord], window: HistoryWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    window.table.selectRow(1)
    qtbot.wait_until(lambda: window.current_id() == "feb", timeout=5000)
    offered: list[str] = []

    def answer(_parent: QWidget, _title: str, path: str, _filter: str) -> tuple[str, str]:
        offered.append(path)
        return "", ""  # the facilitator cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)  # the dialog the window runs
    assert window.choose_export_path("pdf") is None
    (path,) = offered
    assert Path(path) == export_folder() / f"mindful-listening-{local_day(stored[1].started_at)}-rain.pdf"


# ===================================================================== search: results first, one query
FAST_TYPIST_MS = 100  # between two keys at 120 words a minute (600 characters a minute)


def test_search_results_paint_before_their_words_in_context_are_made(
    qtbot: QtBot, stored: list[SessionRecord], window: HistoryWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    happened: list[str] = []
    lock = threading.Lock()  # the words in context are made on the reader's thread
    real_snippets = RecordStore.snippets

    def snippets(store: RecordStore, text: str, sessions: list[SessionSummary]) -> dict[str, str]:
        with lock:
            happened.append("words in context made")
        return real_snippets(store, text, sessions)

    monkeypatch.setattr(RecordStore, "snippets", snippets)

    class PaintSpy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and window.model.query.text and window.model.rowCount():
                with lock:
                    happened.append("results painted")
            return False

    spy = PaintSpy()
    window.table.viewport().installEventFilter(spy)
    window.search.setText("restless")
    wait_for_rows(qtbot, window, ["jan"])
    qtbot.wait_until(lambda: "[Restless]" in str(window.model.index(0, 3).data()), timeout=5000)
    window.table.viewport().removeEventFilter(spy)
    assert happened[0] == "results painted", happened
    assert happened.count("words in context made") == 1, happened


def test_a_hidden_list_still_gets_its_words_in_context(
    qtbot: QtBot, stored: list[SessionRecord], keeper: RecordKeeper
) -> None:
    widget = HistoryWidget(keeper=keeper)  # never shown: nothing paints, and nothing waits for a paint
    qtbot.add_widget(widget)
    try:
        wait_for_rows(qtbot, widget, ["march", "feb", "jan"])
        widget.search.setText("restless")
        wait_for_rows(qtbot, widget, ["jan"])
        qtbot.wait_until(lambda: "[Restless]" in str(widget.model.index(0, 3).data()), timeout=5000)
    finally:
        widget.close()


@pytest.mark.parametrize("gap_ms", [FAST_TYPIST_MS, history_module.SEARCH_DELAY_MS - 1], ids=["fast", "edge"])
def test_typing_fast_makes_one_query(
    qtbot: QtBot,
    stored: list[SessionRecord],
    keeper: RecordKeeper,
    monkeypatch: pytest.MonkeyPatch,
    gap_ms: int,
) -> None:
    timers = HandTimers(ManualClock(0))
    widget = HistoryWidget(keeper=keeper, timer_factory=timers)
    qtbot.add_widget(widget)
    widget.show()
    try:
        wait_for_rows(qtbot, widget, ["march", "feb", "jan"])
        asked: list[str] = []
        real_set_query = widget.model.set_query

        def set_query(query: Query) -> None:
            asked.append(query.text)
            real_set_query(query)

        monkeypatch.setattr(widget.model, "set_query", set_query)
        for key in "restless":
            QTest.keyClicks(widget.search, key)
            timers.advance(gap_ms)
        assert asked == [], "no query while the keys keep coming"
        timers.advance(history_module.SEARCH_DELAY_MS)
        wait_for_rows(qtbot, widget, ["jan"])
        assert asked == ["restless"]

        # A pause longer than the delay between two words searches for the first word on its own.
        widget.search.clear()
        timers.advance(history_module.SEARCH_DELAY_MS)
        asked.clear()
        for key in "slow":
            QTest.keyClicks(widget.search, key)
            timers.advance(gap_ms)
        timers.advance(history_module.SEARCH_DELAY_MS)
        for key in " and":
            QTest.keyClicks(widget.search, key)
            timers.advance(gap_ms)
        timers.advance(history_module.SEARCH_DELAY_MS)
        assert asked == ["slow", "slow and"]
        wait_for_rows(qtbot, widget, ["feb"])
    finally:
        widget.close()


# ===================================================================== import
def test_import_from_the_window_adds_the_sessions_and_says_what_it_did(
    qtbot: QtBot, stored: list[SessionRecord], window: HistoryWidget, tmp_path: Path
) -> None:
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    backup = tmp_path / "backup.json"
    newer = record("april", "2026-04-10T10:00:00+00:00", note="Brought from the other laptop.")
    clash = record("feb", "2026-02-11T10:00:00+00:00", note="A different session under feb's id.")
    backup.write_text(json.dumps(records_document([newer, stored[0], clash])), encoding="utf-8")
    window.choose_import_path = lambda: str(backup)  # type: ignore[method-assign]
    assert window.import_button.isEnabled()
    window.import_button.click()
    qtbot.wait_until(
        lambda: len(ids(window)) == 5 and window.status.text().endswith("5 sessions."), timeout=5000
    )
    assert window.status.text() == (
        "Imported 2 sessions. 1 session was already stored and is left as it was. "
        "1 has a new id, as a different session already had its id. The list shows 5 sessions."
    ), "what the import did stays on screen beside the new count"
    assert ids(window)[0] == "april"
    assert "feb" in ids(window)
    with RecordStore.open_read_only(window.keeper.directory) as store:  # type: ignore[union-attr]
        assert store.get("feb").notes[0].text == "Slow and kind.", "the stored session is never overwritten"
        assert store.get("april").notes[0].text == "Brought from the other laptop."


def test_a_bad_file_imports_nothing_and_says_where_it_is_wrong(
    qtbot: QtBot, stored: list[SessionRecord], window: HistoryWidget, tmp_path: Path
) -> None:
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    good = json.loads(to_json(record("april", "2026-04-10T10:00:00+00:00")))
    broken = dict(good, id="may", started_at="the fifth of May")
    for name, text in {
        "half.json": json.dumps({**records_document([]), "sessions": [good, broken]}),
        "not-json.json": "{ this is not JSON",
    }.items():
        window.status.clear()
        window.import_file(str(tmp_path / name))  # the file does not exist yet: a clear message too
        qtbot.wait_until(lambda: window.status.text().endswith("Nothing was imported."), timeout=5000)
        (tmp_path / name).write_text(text, encoding="utf-8")
        window.status.clear()
        window.import_file(str(tmp_path / name))
        qtbot.wait_until(lambda: window.status.text().endswith("Nothing was imported."), timeout=5000)
        assert name in window.status.text(), "the message names the file"
        assert window.import_button.isEnabled()
    assert "started_at" in window.status.text() or "JSON" in window.status.text()
    with RecordStore.open_read_only(window.keeper.directory) as store:  # type: ignore[union-attr]
        assert store.count() == 3, "all sessions or none: the good one in the half-bad file was not added"


def test_import_summary_words() -> None:
    def outcomes(*kinds: str) -> list[Imported]:
        return [Imported(f"id{i}", f"id{i}", kind) for i, kind in enumerate(kinds)]

    assert import_summary([]) == "The file held no sessions: nothing was added."
    assert import_summary(outcomes("kept")) == "Imported 1 session."
    assert import_summary(outcomes("unchanged", "unchanged")) == (
        "Nothing new to add. 2 sessions were already stored and are left as they were."
    )
    assert import_summary(outcomes("new-id", "new-id", "kept")) == (
        "Imported 3 sessions. 2 have new ids, as different sessions already had theirs."
    )


def test_without_records_there_is_no_import(qtbot: QtBot) -> None:
    widget = HistoryWidget(keeper=None)
    qtbot.add_widget(widget)
    assert not widget.import_button.isEnabled()
    widget.close()


# ===================================================================== the diary, found from the history
def test_the_search_says_when_diary_entries_hold_the_words_and_opens_the_diary_on_them(
    qtbot: QtBot, stored: list[SessionRecord], window: HistoryWidget, data_dir: Path
) -> None:
    entry = DiaryEntry.begin(date(2026, 3, 12))
    entry.answers[0].text = "Practised twice; the marmalade-coloured light at dawn helped."
    with RecordStore.open(data_dir) as store:
        store.save_entry(entry)
    wait_for_rows(qtbot, window, ["march", "feb", "jan"])
    assert window.diary_button.isHidden(), "nothing searched: no diary line"
    window.search.setText("marmalade")
    window.apply_filters()
    qtbot.wait_until(lambda: window.diary_button.isVisible(), timeout=5000)
    assert window.diary_button.text() == "1 diary entry holds these words too: show it"
    assert ids(window) == ["march"], "the sessions are listed as before"
    with qtbot.wait_signal(window.diaryWanted) as wanted:
        window.diary_button.click()
    assert wanted.args == ["marmalade"]
    window.search.setText("restless")
    window.apply_filters()
    qtbot.wait_until(lambda: window.diary_button.isHidden(), timeout=5000)


def test_records_from_before_the_diary_count_no_entries(data_dir: Path) -> None:
    with RecordStore.open(data_dir) as store:
        store._db.execute("DROP TABLE diary_index")  # as a records file from before the diary has none
        assert store.count_entries("anything") == 0
        assert store.count_entries("") == 0
