"""The practice diary window on real widgets and a real records file: opened from the menu and the keyboard,
entries written as a person types, kept, listed, searched, exported, imported and erased."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from mindful_listening.core.clock import ManualClock
from mindful_listening.core.diary import SEED_QUESTIONS, DiaryEntry
from mindful_listening.core.library import find_script
from mindful_listening.core.record import MemorySink, SessionRecord
from mindful_listening.storage import diary as diary_io
from mindful_listening.storage import store as store_errors
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import RecordStore
from mindful_listening.timers import HandTimers
from mindful_listening.ui.diary import KEEP_AFTER_MS, DiaryWindow
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
TODAY = date(2026, 3, 12)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "records"


@pytest.fixture
def keeper(folder: Path) -> Iterator[RecordKeeper]:
    made = RecordKeeper(folder, debounce_ms=10)
    yield made
    made.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def hand(clock: ManualClock) -> HandTimers:
    return HandTimers(clock)


@pytest.fixture
def open_diary(qtbot: QtBot, keeper: RecordKeeper, hand: HandTimers) -> Iterator[Callable[[], DiaryWindow]]:
    made: list[DiaryWindow] = []

    def make() -> DiaryWindow:
        window = DiaryWindow(keeper, timer_factory=hand, today=lambda: TODAY)
        qtbot.add_widget(window)
        with qtbot.wait_signal(window.listed, timeout=5000):
            window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def keep(qtbot: QtBot, window: DiaryWindow, hand: HandTimers) -> None:
    """Half a second after the last key: the entry goes to the records."""
    with qtbot.wait_signal(window.entrySaved, timeout=5000):
        hand.clock.advance(KEEP_AFTER_MS)
        for timer in hand.live():
            if timer.due is not None and timer.due <= hand.clock.now_ms():
                timer.fire()


@contextmanager
def saving_entries_fails(error: Exception) -> Iterator[None]:
    """Inside, every diary entry the records try to save fails with ``error`` (a full or read-only disk)."""
    real = RecordStore.save_entry

    def fail(self: RecordStore, entry: DiaryEntry) -> None:
        raise error

    RecordStore.save_entry = fail  # type: ignore[method-assign]
    try:
        yield
    finally:
        RecordStore.save_entry = real  # type: ignore[method-assign]


def stored(folder: Path) -> list[DiaryEntry]:
    with RecordStore.open(folder, lock=False) as store:
        return store.entries()


def test_the_diary_opens_from_the_tools_menu_and_its_keys(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(sink=MemorySink())
    action = window.actions_by_name["diary"]
    assert action.shortcut().toString() == "Ctrl+Shift+D"
    tools = next(
        m for m in window.menuBar().findChildren(type(window.menuBar().addMenu("x"))) if "Tools" in m.title()
    )
    assert action in tools.actions()
    QTest.keyClick(
        window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    diary = window.tools.get("diary")
    assert isinstance(diary, DiaryWindow)
    qtbot.wait_until(diary.isVisible)
    assert diary.windowTitle() == "Practice diary"
    # Memory only (the records cannot be used): the diary says why, and offers nothing it cannot keep.
    assert "cannot be used right now" in diary.status.text()
    assert not diary.new_button.isEnabled()
    diary.activateWindow()
    qtbot.wait_until(diary.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or diary, Qt.Key.Key_Escape)
    qtbot.wait_until(lambda: not diary.isVisible())


def test_an_entry_is_typed_kept_and_listed_and_the_next_starts_with_its_questions(
    qtbot: QtBot, open_diary: Callable[[], DiaryWindow], hand: HandTimers, folder: Path
) -> None:
    window = open_diary()
    assert window.entry_ids() == []
    assert "No entries yet" in window.status.text()
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.entry is not None
    assert [q.text() for q in window.question_edits] == list(SEED_QUESTIONS)
    assert window.day.date() == QDate(2026, 3, 12)
    assert QApplication.focusWidget() is window.answer_edits[0]
    QTest.keyClicks(window.answer_edits[0], "Most mornings, a few breaths.")
    keep(qtbot, window, hand)
    with qtbot.wait_signal(window.listed, timeout=5000):
        pass
    (entry,) = stored(folder)
    assert entry.answers[0].text == "Most mornings, a few breaths."
    assert entry.written_on == "2026-03-12"
    assert window.entry_ids() == [entry.id]
    assert window.list.item(0).text() == "Thu 12 Mar 2026 · Most mornings, a few breaths."

    # Reworded, one removed, one added: the entry keeps them, and the next one starts with them.
    window.question_edits[1].selectAll()
    QTest.keyClicks(window.question_edits[1], "Who did I listen to well?")
    window.remove_buttons[3].click()
    window.add_question_button.click()
    QTest.keyClicks(window.question_edits[-1], "What would I like to try?")
    QTest.keyClicks(window.answer_edits[-1], "Pausing before I answer.")
    keep(qtbot, window, hand)
    (entry,) = stored(folder)
    assert entry.questions() == [
        SEED_QUESTIONS[0],
        "Who did I listen to well?",
        SEED_QUESTIONS[2],
        "What would I like to try?",
    ]
    window.new_entry()
    assert [q.text() for q in window.question_edits] == entry.questions()
    assert all(a.toPlainText() == "" for a in window.answer_edits)
    # A new entry with nothing written is never stored.
    window.list.setCurrentRow(0)
    assert window.entry is not None
    assert window.entry.id == entry.id
    assert len(stored(folder)) == 1


def test_the_day_and_the_session_it_follows_are_kept(
    qtbot: QtBot, keeper: RecordKeeper, open_diary: Callable[[], DiaryWindow], hand: HandTimers, folder: Path
) -> None:
    session = SessionRecord.begin(find_script("classic-pairs"), 60_000)
    session.started_at = "2026-03-10T09:30:00+00:00"
    with qtbot.wait_signal(keeper.saved, timeout=5000):
        keeper.save(session, immediate=True)
    window = open_diary()
    window.new_entry()
    QTest.keyClicks(window.answer_edits[0], "After Tuesday's group.")
    window.day.setFocus()
    window.day.setDate(QDate(2026, 3, 10))
    index = window.session.findData(session.id)
    assert window.session.itemText(index).startswith("Listening in pairs")
    window.session.setCurrentIndex(index)
    window.session.activated.emit(index)
    keep(qtbot, window, hand)
    (entry,) = stored(folder)
    assert (entry.written_on, entry.session_id) == ("2026-03-10", session.id)
    assert window.heading.text() == "Entry for Tuesday 10 March 2026"


def test_search_finds_entries_by_their_words(
    qtbot: QtBot, folder: Path, keeper: RecordKeeper, open_diary: Callable[[], DiaryWindow], hand: HandTimers
) -> None:
    with RecordStore.open(folder, lock=False) as store:
        for day, text in (("2026-03-01", "walking by the river"), ("2026-03-08", "a hard conversation")):
            made = DiaryEntry.begin(date.fromisoformat(day))
            made.answers[0].text = text
            store.save_entry(made)
    window = open_diary()
    assert len(window.entry_ids()) == 2
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    QTest.keyClicks(window.search, "riv")
    with qtbot.wait_signal(window.listed, timeout=5000):
        hand.clock.advance(200)
        for timer in hand.live():
            timer.fire()
    assert window.list.count() == 1
    assert window.list.item(0).text() == "Sun 1 Mar 2026 · walking by the river"
    window.search.setText("nothing of the sort")
    with qtbot.wait_signal(window.listed, timeout=5000):
        hand.clock.advance(200)
        for timer in hand.live():
            timer.fire()
    assert window.list.count() == 0
    assert window.status.text() == "No entry holds those words."


def test_delete_asks_without_exec_and_erases_the_entry_from_the_files(
    qtbot: QtBot, folder: Path, open_diary: Callable[[], DiaryWindow], hand: HandTimers
) -> None:
    secret = "Brambleweft"
    window = open_diary()
    window.new_entry()
    QTest.keyClicks(window.answer_edits[1], f"{secret} and quiet")
    keep(qtbot, window, hand)
    with qtbot.wait_signal(window.listed, timeout=5000):
        pass
    box = window.ask_to_delete()
    assert box is not None
    assert box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert len(stored(folder)) == 1, "cancelled: kept"
    box = window.ask_to_delete()
    assert box is not None
    with qtbot.wait_signal(window.entryDeleted, timeout=5000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert stored(folder) == []
    assert window.entry is None
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert not any(secret.lower().encode() in data.lower() for data in files.values())


def test_export_and_import_from_the_window_with_a_bad_file_losing_nothing(
    qtbot: QtBot, tmp_path: Path, folder: Path, open_diary: Callable[[], DiaryWindow], hand: HandTimers
) -> None:
    window = open_diary()
    window.new_entry()
    QTest.keyClicks(window.answer_edits[0], "Ten minutes most days.")
    keep(qtbot, window, hand)
    chosen: list[tuple[str, bool]] = []

    def choose(fmt: str, whole: bool) -> str:
        chosen.append((fmt, whole))
        return str(tmp_path / f"out-{len(chosen)}.{fmt}")

    window.choose_export_path = choose  # type: ignore[method-assign]
    actions = window.export_button.menu().actions()
    labels = [a.text() for a in actions if not a.isSeparator()]
    assert labels[0] == "This entry: Markdown (.md)…"
    assert labels[-1].startswith("The whole diary: JSON")
    with qtbot.wait_signal(window.exported, timeout=10_000):
        next(a for a in actions if a.text() == "The whole diary: PDF (.pdf)…").trigger()
    assert (tmp_path / "out-1.pdf").read_bytes().startswith(b"%PDF")
    with qtbot.wait_signal(window.exported, timeout=10_000):
        window.export("json", whole=False)
    backup = tmp_path / "out-2.json"
    assert json.loads(backup.read_text(encoding="utf-8"))["format"] == "mindful-listening-diary"

    bad = tmp_path / "bad.json"
    document = json.loads(backup.read_text(encoding="utf-8"))
    document["entries"][0]["written_on"] = "someday"
    bad.write_text(json.dumps(document), encoding="utf-8")
    with qtbot.wait_signal(window.problem, timeout=5000):
        window.import_file(bad)
    assert '"written_on" must be a day' in window.status.text()
    assert window.status.text().endswith("Nothing was imported.")
    assert len(stored(folder)) == 1

    other = diary_io.document([DiaryEntry.begin(date(2026, 2, 1))])
    other["entries"][0]["answers"][0]["text"] = "From the old laptop."
    good = tmp_path / "good.json"
    good.write_text(json.dumps(other), encoding="utf-8")
    window.choose_import_path = lambda: str(good)  # type: ignore[method-assign]
    with qtbot.wait_signal(window.listed, timeout=5000):
        window.import_button.click()
    assert len(window.entry_ids()) == 2
    assert window.status.text() == "1 entry imported."


def test_an_entry_that_cannot_be_kept_stays_in_the_window_as_written(
    qtbot: QtBot, folder: Path, keeper: RecordKeeper, open_diary: Callable[[], DiaryWindow], hand: HandTimers
) -> None:
    window = open_diary()
    window.new_entry()
    with saving_entries_fails(store_errors.DiskFull("There is no room left on the disk for the records.")):
        QTest.keyClicks(window.answer_edits[0], "Written on a full disk.")
        with qtbot.wait_signal(window.problem, timeout=5000):
            hand.clock.advance(KEEP_AFTER_MS)
            for timer in hand.live():
                timer.fire()
        assert "nothing is lost" in window.status.text()
        assert window.answer_edits[0].toPlainText() == "Written on a full disk."
    QTest.keyClicks(window.answer_edits[0], " Room again.")
    keep(qtbot, window, hand)
    (entry,) = stored(folder)
    assert entry.answers[0].text == "Written on a full disk. Room again."


def test_an_entry_that_cannot_be_kept_as_the_window_closes_brings_the_window_back(
    qtbot: QtBot, folder: Path, keeper: RecordKeeper, open_diary: Callable[[], DiaryWindow]
) -> None:
    window = open_diary()
    window.new_entry()
    with saving_entries_fails(store_errors.NotWritable("The records folder is read-only.")):
        QTest.keyClicks(window.answer_edits[0], "Written just before closing.")
        with qtbot.wait_signal(window.problem, timeout=5000):
            window.close()  # closing keeps the entry: here that fails on the writer thread
        qtbot.wait_until(window.isVisible)
        assert window.answer_edits[0].toPlainText() == "Written just before closing."
        assert "nothing is lost" in window.status.text()


def test_an_entry_is_put_in_a_course_week(
    qtbot: QtBot, folder: Path, open_diary: Callable[[], DiaryWindow], hand: HandTimers
) -> None:
    from mindful_listening.core.course import Course

    course = Course.begin("Spring course", "G1", 8)
    with RecordStore.open(folder, lock=False) as store:
        store.save_course(course)
    window = open_diary()
    window.new_entry()
    assert not window.week.isEnabled(), "a week of no course: nothing to choose"
    QTest.keyClicks(window.answer_edits[0], "Sat with the group's recording.")
    index = window.course.findData(course.id)
    assert window.course.itemText(index) == "Spring course"
    window.course.setCurrentIndex(index)
    window.course.activated.emit(index)
    assert window.week.isEnabled()
    assert window.week.maximum() == 8, "no later than the course's last week"
    window.week.setValue(3)
    keep(qtbot, window, hand)
    (entry,) = stored(folder)
    assert (entry.course_id, entry.course_week) == (course.id, 3)
    with RecordStore.open(folder, lock=False) as store:
        assert [e.id for e in store.course_contents(course.id).entries] == [entry.id]


def test_an_entry_typed_just_before_the_app_quits_is_kept(
    qtbot: QtBot, folder: Path, keeper: RecordKeeper, make_window: MakeWindow
) -> None:
    """Ctrl+Q half a second too soon: the main window closes the records as it goes, and the diary's last
    words, not yet handed to them, are handed over first."""
    window = make_window(sink=keeper)
    diary = window.tools.open("diary")
    assert isinstance(diary, DiaryWindow)
    qtbot.wait_signal(diary.listed, timeout=5000)
    diary.new_entry()
    QTest.keyClicks(diary.answer_edits[0], "Written as the session closed.")
    window.close()  # what quitting does; the half second to the entry's keeping has not passed
    (entry,) = stored(folder)
    assert entry.answers[0].text == "Written as the session closed."


def test_quitting_when_the_last_entry_cannot_be_kept_leaves_the_app_open_with_it(
    qtbot: QtBot, folder: Path, keeper: RecordKeeper, make_window: MakeWindow
) -> None:
    window = make_window(sink=keeper)
    diary = window.tools.open("diary")
    assert isinstance(diary, DiaryWindow)
    qtbot.wait_signal(diary.listed, timeout=5000)
    diary.new_entry()
    with saving_entries_fails(store_errors.NotWritable("The records folder is read-only.")):
        QTest.keyClicks(diary.answer_edits[0], "Written on a read-only disk.")
        window.close()
        assert window.isVisible(), "the app closed with an entry it could not keep"
        assert diary.isVisible()
        assert diary.answer_edits[0].toPlainText() == "Written on a read-only disk."
        assert "nothing is lost" in diary.status.text()
        assert "Not closed" in window.statusBar().currentMessage()
    # With the disk writable again, quitting keeps it and closes.
    window.close()
    assert not window.isVisible()
    (entry,) = stored(folder)
    assert entry.answers[0].text == "Written on a read-only disk."
