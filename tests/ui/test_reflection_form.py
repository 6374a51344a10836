"""The facilitator's own reflection on the debrief page: the free box, Gibbs' six stages or Kolb's four, on
the real window, typed as a facilitator types, kept in the record, remembered as the next session's start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mindful_listening.core import reflection
from mindful_listening.core.flow import Stage
from mindful_listening.core.record import MemorySink, SessionRecord
from mindful_listening.preferences import Preferences
from mindful_listening.preferences import load as load_prefs
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]

Key = Qt.Key


def into_debrief(window: MainWindow) -> None:
    window.use_selected_script()
    window.set_stage(Stage.PRACTICE)
    window.session.toggle()  # started
    window.session.finish()
    assert window.stage is Stage.DEBRIEF


def the_record(sink: MemorySink) -> SessionRecord:
    (record,) = sink.records.values()
    return record


def choose_by_keyboard(qtbot: QtBot, window: MainWindow, key: str) -> None:
    """Focus the choice (its Alt key) and step to ``key`` with the arrow keys, as a facilitator would."""
    form = window.debrief_page.reflection_form
    QTest.keyClick(window, Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.wait_until(lambda: QApplication.focusWidget() is form.choice)
    while form.framework != key:
        before = form.framework
        QTest.keyClick(form.choice, Key.Key_Down)
        assert form.framework != before, f"{key} is not offered"


def test_a_gibbs_reflection_is_typed_stage_by_stage_and_kept_in_the_record(
    qtbot: QtBot, make_window: MakeWindow, settings: QSettings
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    into_debrief(window)
    form = window.debrief_page.reflection_form
    assert form.framework == reflection.FREE
    assert form.pages.currentWidget() is window.debrief_page.reflection, "the free box, as before"

    choose_by_keyboard(qtbot, window, reflection.GIBBS)
    description = form.stage_fields[("gibbs", "description")]
    assert description.isVisible()
    assert not window.debrief_page.reflection.isVisible()
    assert [form.stage_labels[("gibbs", s.key)].text() for s in reflection.FRAMEWORKS["gibbs"].stages] == [
        "1. Description",
        "2. Feelings",
        "3. Evaluation",
        "4. Analysis",
        "5. Conclusion",
        "6. Action plan",
    ]
    QTest.keyClick(form.choice, Key.Key_Tab)
    assert QApplication.focusWidget() is description, "Tab goes from the choice to the first stage"
    QTest.keyClicks(description, "Pairs settled fast")
    QTest.keyClick(description, Key.Key_Tab)
    feelings = form.stage_fields[("gibbs", "feelings")]
    assert QApplication.focusWidget() is feelings
    QTest.keyClicks(feelings, "a little rushed")

    record = the_record(sink)
    assert record.reflection_framework == "gibbs"
    assert record.stage_text("gibbs", "description") == "Pairs settled fast"
    assert record.stage_text("gibbs", "feelings") == "a little rushed"
    assert record.has_notes()
    # Remembered as the default, in the preferences file.
    assert load_prefs(settings).reflection_framework == "gibbs"
    assert window.prefs.reflection_framework == "gibbs"


def test_moving_between_frameworks_hides_what_was_written_and_never_loses_it(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    into_debrief(window)
    form = window.debrief_page.reflection_form
    QTest.keyClicks(window.debrief_page.reflection, "my own words first")
    choose_by_keyboard(qtbot, window, reflection.GIBBS)
    QTest.keyClicks(form.stage_fields[("gibbs", "action-plan")], "leave longer silences")
    choose_by_keyboard(qtbot, window, reflection.KOLB)
    kolb = form.stage_fields[("kolb", "concrete-experience")]
    assert kolb.isVisible()
    assert kolb.toPlainText() == ""
    QTest.keyClicks(kolb, "eight people, four pairs")
    record = the_record(sink)
    assert record.reflection_framework == "kolb"
    assert record.reflection == "my own words first"
    assert record.stage_text("gibbs", "action-plan") == "leave longer silences"
    assert record.stage_text("kolb", "concrete-experience") == "eight people, four pairs"
    # Back to Gibbs: its stage is as it was left.
    form.choice.setFocus()
    QTest.keyClick(form.choice, Key.Key_Up)
    assert form.framework == reflection.GIBBS
    assert form.stage_fields[("gibbs", "action-plan")].toPlainText() == "leave longer silences"
    assert the_record(sink).reflection_framework == "gibbs"


def test_the_next_session_starts_with_the_framework_chosen_last_and_empty_stages(
    qtbot: QtBot, make_window: MakeWindow, settings: QSettings
) -> None:
    window = make_window()
    into_debrief(window)
    choose_by_keyboard(qtbot, window, reflection.KOLB)
    form = window.debrief_page.reflection_form
    QTest.keyClicks(form.stage_fields[("kolb", "reflective-observation")], "quiet room")
    window.close()

    sink = MemorySink()
    later = make_window(sink=sink, prefs=load_prefs(settings))
    into_debrief(later)
    form = later.debrief_page.reflection_form
    assert form.framework == reflection.KOLB
    assert all(field.toPlainText() == "" for field in form.stage_fields.values())
    QTest.keyClicks(form.stage_fields[("kolb", "active-experimentation")], "try a bell")
    assert the_record(sink).reflection_framework == "kolb"
    assert the_record(sink).stage_text("kolb", "reflective-observation") == ""


def test_a_session_taken_up_after_a_crash_shows_its_stages_again(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    sink = MemorySink()
    window = make_window(sink=sink)
    window.use_selected_script()
    window.set_stage(Stage.PRACTICE)
    window.session.toggle()  # started, and left running: the app is about to stop
    form = window.debrief_page.reflection_form
    form.choose(reflection.GIBBS)  # the reflection begun while the practice runs
    form.stage_fields[("gibbs", "analysis")].setPlainText("tired group")
    window.session.absorb_log()  # what the last autosave before the crash held
    stopped = SessionRecord.from_dict(the_record(sink).to_dict())
    assert stopped.stopped_at() is not None, "the practice was still running: a record to take up"
    window.notices.leave_unsaved_confirmed = lambda: True  # type: ignore[method-assign]
    window.close()

    again = make_window(sink=MemorySink(), prefs=Preferences(theme="dark"))  # the default: the free box
    again.moves.take_up(stopped)
    form = again.debrief_page.reflection_form
    assert form.framework == reflection.GIBBS
    assert form.stage_fields[("gibbs", "analysis")].toPlainText() == "tired group"
    assert again.notebook is not None
    assert again.notebook.record is stopped
    QTest.keyClicks(form.stage_fields[("gibbs", "conclusion")], "rest first")
    assert stopped.stage_text("gibbs", "analysis") == "tired group"
    assert stopped.stage_text("gibbs", "conclusion") == "rest first"


def test_every_stage_says_what_it_invites_to_a_screen_reader(make_window: MakeWindow) -> None:
    window = make_window()
    into_debrief(window)
    form = window.debrief_page.reflection_form
    for key in reflection.STRUCTURED:
        for stage in reflection.FRAMEWORKS[key].stages:
            field = form.stage_fields[(key, stage.key)]
            assert field.accessibleName() == stage.title
            assert field.accessibleDescription() == stage.prompt
            assert stage.prompt.endswith(("?", ".")), "a question or an invitation, in a sentence"
    assert form.choice.accessibleName() == "How would you like to reflect?"


def test_the_history_shows_each_stage_written_and_keeps_its_edits(qtbot: QtBot, tmp_path: Path) -> None:
    from mindful_listening.core.library import find_script
    from mindful_listening.storage.keeper import RecordKeeper
    from mindful_listening.storage.store import Query, RecordStore
    from mindful_listening.ui.history import HistoryWidget

    record = SessionRecord.begin(find_script("classic-pairs"), 60_000)
    record.ended_at = record.started_at
    record.reflection = "own words"
    record.reflection_framework = "kolb"
    record.set_stage_text("gibbs", "feelings", "calm enough")
    record.set_stage_text("kolb", "abstract-conceptualisation", "silence invites")
    with RecordStore.open(tmp_path) as store:
        store.save(record)
    keeper = RecordKeeper(tmp_path, debounce_ms=20)
    history = HistoryWidget(keeper=keeper)
    qtbot.add_widget(history)
    try:
        history.show()
        qtbot.wait_until(lambda: [r.id for r in history.model.rows] == [record.id], timeout=5000)
        history.table.selectRow(0)
        qtbot.wait_until(lambda: history.current_id() == record.id, timeout=5000)
        names = [e.accessibleName() for e in history.editor.fields()]
        assert names[-2:] == ["Kolb · Abstract conceptualisation", "Gibbs · Feelings"], "the chosen first"
        kolb = history.editor.fields()[-2]
        assert kolb.toPlainText() == "silence invites"
        with qtbot.wait_signal(keeper.saved, timeout=5000):
            kolb.setPlainText("silence invites, and waits")
        with RecordStore.open(tmp_path) as store:
            again = store.get(record.id)
            assert again.stage_text("kolb", "abstract-conceptualisation") == "silence invites, and waits"
            assert again.stage_text("gibbs", "feelings") == "calm enough"
            assert again.reflection == "own words"
            assert [s.id for s in store.sessions(Query(text="waits"))] == [record.id]
    finally:
        history.close()
        keeper.close()


def test_a_framework_setting_this_version_does_not_know_starts_with_the_free_box(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("preferences/reflection_framework", "schon")
    assert load_prefs(settings).reflection_framework == "free"
    settings.setValue("preferences/reflection_framework", "kolb")
    assert load_prefs(settings).reflection_framework == "kolb"


@pytest.mark.parametrize("scale", [1.0, 1.6, 2.5], ids=["text-1.0", "text-1.6", "text-2.5"])
@pytest.mark.parametrize("key", [reflection.FREE, reflection.GIBBS, reflection.KOLB])
def test_every_framework_fits_a_small_laptop_at_large_text(
    qtbot: QtBot, make_window: MakeWindow, scale: float, key: str
) -> None:
    from PySide6.QtCore import QPoint, QRect, QSize
    from PySide6.QtWidgets import QAbstractScrollArea, QPlainTextEdit, QWidget

    from mindful_listening.ui.widgets import WINDOW_FRAME

    window = make_window(prefs=Preferences(font_scale=scale))
    window.resize(QSize(1280, 720) - WINDOW_FRAME)
    into_debrief(window)
    form = window.debrief_page.reflection_form
    form.choose(key)

    def cut_off() -> list[str]:
        """The reflection's fields that cannot be seen whole nor scrolled to (as in test_laptop_screens)."""
        found = []
        for field in form.findChildren(QPlainTextEdit):
            if not field.isVisibleTo(window):
                continue
            rect = QRect(QPoint(0, 0), field.size())
            child: QWidget = field
            parent = field.parentWidget()
            while parent is not None and parent is not window:
                rect = QRect(child.mapTo(parent, rect.topLeft()), rect.size())
                scroller = parent.parentWidget()
                if isinstance(scroller, QAbstractScrollArea) and scroller.viewport() is parent:
                    break  # it scrolls into view from here
                if not QRect(QPoint(0, 0), parent.size()).contains(rect):
                    found.append(
                        f"{field.accessibleName()} cut off by {parent.objectName() or type(parent).__name__}"
                    )
                    break
                child, parent = parent, parent.parentWidget()
        return found

    qtbot.wait_until(lambda: cut_off() == [], timeout=2_000)
