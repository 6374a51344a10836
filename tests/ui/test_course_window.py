"""The courses window on real widgets and a real records file: opened from the menu and its keys, a course
started (a missing title told), sessions added to weeks and taken out, the portfolio exported, and the course
erased with everything in it, checked on the files' raw bytes."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from mindful_listening.core.diary import DiaryEntry
from mindful_listening.core.library import find_script
from mindful_listening.core.record import MemorySink, SessionRecord
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import RecordStore
from mindful_listening.ui.course import CourseWindow
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
SECRET = "Marrowlight"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "records"
    with RecordStore.open(path) as store:
        for number, day in enumerate(("2026-03-03", "2026-03-10")):
            record = SessionRecord.begin(find_script("classic-pairs"), 60_000)
            record.id = f"session{number}"
            record.started_at = f"{day}T09:30:00+00:00"
            record.ended_at = f"{day}T09:50:00+00:00"
            record.reflection = f"{SECRET} quiet in week {number}"
            store.save(record)
    return path


@pytest.fixture
def keeper(folder: Path) -> Iterator[RecordKeeper]:
    made = RecordKeeper(folder, debounce_ms=10)
    yield made
    made.close()


@pytest.fixture
def courses(qtbot: QtBot, keeper: RecordKeeper) -> Iterator[CourseWindow]:
    window = CourseWindow(keeper)
    qtbot.add_widget(window)
    with qtbot.wait_signal(window.listed, timeout=5000):
        window.show()
    yield window
    window.close()


def top_item(window: CourseWindow, index: int) -> QTreeWidgetItem:
    item = window.tree.topLevelItem(index)
    assert item is not None
    return item


def child_item(item: QTreeWidgetItem, index: int) -> QTreeWidgetItem:
    child = item.child(index)
    assert child is not None
    return child


def start(qtbot: QtBot, window: CourseWindow, title: str) -> None:
    window.new_title.setFocus()
    QTest.keyClicks(window.new_title, title)
    QTest.keyClicks(window.new_for, "T7")
    window.new_weeks.setValue(8)
    with qtbot.wait_signal(window.shown, timeout=5000):
        QTest.keyClick(window.new_title, Qt.Key.Key_Return)


def test_courses_open_from_the_tools_menu_and_its_keys(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(sink=MemorySink())
    action = window.actions_by_name["courses"]
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    QTest.keyClick(
        window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    made = window.tools.get("courses")
    assert isinstance(made, CourseWindow)
    qtbot.wait_until(made.isVisible)
    assert made.windowTitle() == "Courses"
    assert "cannot be used right now" in made.status.text()
    assert not made.start_button.isEnabled()


def test_a_course_is_started_filled_week_by_week_and_exported(
    qtbot: QtBot, courses: CourseWindow, keeper: RecordKeeper, folder: Path, tmp_path: Path
) -> None:
    assert "No courses yet" in courses.status.text()
    # No title: told, nothing started.
    with qtbot.wait_signal(courses.problem, timeout=2000):
        courses.start_button.click()
    assert courses.status.text() == "A course needs a title: nothing was started."
    assert QApplication.focusWidget() is courses.new_title
    start(qtbot, courses, "Level 4: listening")
    assert courses.contents is not None
    assert courses.course_ids() == [courses.contents.course.id]
    assert courses.heading.text() == "Level 4: listening"
    assert courses.details.text().startswith("T7 · 8 weeks")
    assert courses.week.maximum() == 8
    assert courses.session_choice.count() == 2

    courses.session_choice.setCurrentIndex(courses.session_choice.findData("session0"))
    courses.week.setValue(2)
    with qtbot.wait_signal(courses.shown, timeout=5000):
        courses.add_button.click()
    courses.session_choice.setCurrentIndex(courses.session_choice.findData("session1"))
    courses.week.setValue(6)
    with qtbot.wait_signal(courses.shown, timeout=5000):
        courses.add_button.click()
    tops = [top_item(courses, i).text(0) for i in range(courses.tree.topLevelItemCount())]
    assert tops == ["Week 2", "Week 6"]
    assert courses.session_choice.count() == 0, "both sessions are in the course now"
    assert courses.contents is not None
    course_id = courses.contents.course.id

    # A diary entry of week 6 joins it.
    entry = DiaryEntry.begin(date(2026, 3, 12))
    entry.answers[0].text = "Five minutes most mornings."
    entry.course_id, entry.course_week = course_id, 6
    with RecordStore.open(folder, lock=False) as store:
        store.save_entry(entry)
    with qtbot.wait_signal(courses.shown, timeout=5000):
        courses.refresh()
    week6 = top_item(courses, 1)
    children = [child_item(week6, i).text(0) for i in range(week6.childCount())]
    assert children[0].startswith("Session: Listening in pairs: three minutes each way · Tue 10 Mar 2026")
    assert children[1:] == ["Diary: Thursday 12 March 2026"]

    # Take one out: it stays in the history.
    courses.tree.setCurrentItem(child_item(top_item(courses, 0), 0))
    assert courses.remove_button.isEnabled()
    with qtbot.wait_signal(courses.shown, timeout=5000):
        courses.remove_button.click()
    assert courses.contents.course.session_ids() == ["session1"]
    with RecordStore.open(folder, lock=False) as store:
        assert store.get("session0").reflection.startswith(SECRET)

    courses.choose_export_path = lambda fmt: str(tmp_path / f"portfolio.{fmt}")  # type: ignore[method-assign]
    labels = [a.text() for a in courses.export_button.menu().actions()]
    assert labels == ["Markdown (.md)…", "PDF (.pdf)…"]
    with qtbot.wait_signal(courses.exported, timeout=10_000):
        courses.export_button.menu().actions()[1].trigger()
    tool = shutil.which("pdftotext")
    if tool is not None:
        text = subprocess.run(
            [tool, str(tmp_path / "portfolio.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        pages = [p for p in text.split("\f") if p.strip()]
        assert all("Private training notes" in page for page in pages)
        assert "Five minutes most mornings." in text
    with qtbot.wait_signal(courses.exported, timeout=10_000):
        courses.export("md")
    markdown = (tmp_path / "portfolio.md").read_text(encoding="utf-8")
    assert f"{SECRET} quiet in week 1" in markdown
    assert f"{SECRET} quiet in week 0" not in markdown, "taken out: not in the portfolio"


def test_deleting_a_course_asks_then_erases_everything_in_it(
    qtbot: QtBot, courses: CourseWindow, folder: Path
) -> None:
    start(qtbot, courses, "To be erased")
    courses.session_choice.setCurrentIndex(courses.session_choice.findData("session1"))
    with qtbot.wait_signal(courses.shown, timeout=5000):
        courses.add_button.click()
    box = courses.ask_to_delete()
    assert box is not None
    assert "Its sessions (1) and diary entries (0)" in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    with RecordStore.open(folder, lock=False) as store:
        assert len(store.courses()) == 1
    box = courses.ask_to_delete()
    assert box is not None
    with qtbot.wait_signal(courses.deleted, timeout=5000):
        box.button(QMessageBox.StandardButton.Yes).click()
    with qtbot.wait_signal(courses.listed, timeout=5000):
        pass
    assert courses.course_ids() == []
    with RecordStore.open(folder, lock=False) as store:
        assert [s.id for s in store.sessions()] == ["session0"], "the session outside the course stays"
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert any(b"quiet in week 0" in data for data in files.values())
    assert not any(b"quiet in week 1" in data for data in files.values())


def test_a_course_is_renamed_and_its_length_kept_above_its_last_used_week(
    qtbot: QtBot, courses: CourseWindow, folder: Path
) -> None:
    start(qtbot, courses, "Spring")
    courses.session_choice.setCurrentIndex(courses.session_choice.findData("session1"))
    courses.week.setValue(6)
    with qtbot.wait_signal(courses.shown, timeout=5000):
        courses.add_button.click()
    assert courses.edit_title.text() == "Spring"
    courses.edit_weeks.setValue(4)
    with qtbot.wait_signal(courses.problem, timeout=2000):
        courses.keep_button.click()
    assert (
        courses.status.text()
        == "Week 6 holds notes, so the course needs at least 6 weeks: nothing was changed."
    )
    courses.edit_title.selectAll()
    QTest.keyClicks(courses.edit_title, "Spring, Tuesday group")
    courses.edit_weeks.setValue(10)
    with qtbot.wait_signal(courses.shown, timeout=5000):
        QTest.keyClick(courses.edit_title, Qt.Key.Key_Return)
    assert courses.heading.text() == "Spring, Tuesday group"
    with RecordStore.open(folder, lock=False) as store:
        (course,) = store.courses()
        assert (course.title, course.weeks, course.session_ids()) == (
            "Spring, Tuesday group",
            10,
            ["session1"],
        )
