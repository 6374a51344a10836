"""Nothing private reaches the room: notes, facilitator notes, reminders and participant codes stay on the
laptop.

Distinctive text goes into every notes field; then every audience view (its own window, the room view inside
the main window, and the presenter's mirror) is walked child by child at every stage and grabbed, and the text
must be nowhere. The log and the window titles are checked too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.ui.room import AudienceView
from mindful_listening.ui.window import MainWindow

MakeWindow = Callable[..., MainWindow]
TextsOf = Callable[[QWidget], list[str]]


def _private_lines(window: MainWindow) -> list[str]:
    script = window.script
    assert script is not None
    lines = [line.strip() for line in script.facilitator_notes.splitlines() if line.strip()]
    lines += list(script.ethical_reminders)
    lines += [step.notes for step in script.steps if step.notes]
    return lines


def _room_views(window: MainWindow) -> list[AudienceView]:
    views = [window.room, window.practice_page.mirror]
    if window.audience_window is not None:
        views.append(window.audience_window.view)
    return views


def _assert_room_clean(window: MainWindow, secrets: list[str], texts_of: TextsOf) -> None:
    for view in _room_views(window):
        assert not view.findChildren(QLineEdit)
        assert not view.findChildren(QPlainTextEdit)
        assert not view.findChildren(QTextEdit)
        view.grab()  # painting with everything in place must not need any private text either
        shown = "\n".join(texts_of(view))
        for secret in secrets:
            assert secret not in shown, f"{secret!r} appeared on {view.objectName()} ({view.page_name})"
    assert window.audience_window is not None
    titles = [window.windowTitle(), window.audience_window.windowTitle()]
    for secret in secrets:
        assert all(secret not in title for title in titles)


@pytest.mark.parametrize("script_id", ["classic-pairs", "triads-observer", "whole-lesson-pairs"])
def test_no_private_text_ever_reaches_an_audience_view(
    qtbot: QtBot,
    make_window: MakeWindow,
    advance: Callable[[int], None],
    caplog: pytest.LogCaptureFixture,
    texts_of: TextsOf,
    script_id: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    window = make_window()
    script = find_script(script_id)
    window.use_script(script)
    window.actions_by_name["audience_window"].setChecked(True)
    assert window.audience_window is not None

    secrets = ["ZEBRA-PRACTICE-NOTE", "ZEBRA-FREE-NOTE", "ZEBRA-REFLECTION", "ZQ9, XY7"]
    window.set_stage(Stage.PRACTICE)
    window.controller.start()  # type: ignore[union-attr]
    advance(70_000)
    QTest.keyClicks(window.practice_page.notes, secrets[0])
    window.set_stage(Stage.DEBRIEF)
    for index, field in enumerate(window.debrief_page.prompt_fields):
        secret = f"ZEBRA-PROMPT-{index}"
        secrets.append(secret)
        QTest.keyClicks(field, secret)
    window.debrief_page.free_notes.moveCursor(window.debrief_page.free_notes.textCursor().MoveOperation.End)
    QTest.keyClicks(window.debrief_page.free_notes, secrets[1])
    QTest.keyClicks(window.debrief_page.reflection, secrets[2])
    QTest.keyClicks(window.debrief_page.participants, secrets[3])
    assert len(window.debrief_page.prompt_fields) == len(script.debrief.prompts) > 0
    private = _private_lines(window)
    assert private, "the script has facilitator notes and reminders to keep private"
    secrets += [*private, "ZQ9", "XY7"]

    for stage in (Stage.DEBRIEF, Stage.LIBRARY, Stage.PURPOSE, Stage.PRACTICE, Stage.DEBRIEF):
        window.set_stage(stage)
        _assert_room_clean(window, secrets, texts_of)
    # Through a whole practice, every step of it, and while blanked.
    window.set_stage(Stage.PRACTICE)
    controller = window.controller
    assert controller is not None
    controller.back()
    for _ in range(len(controller.timeline.steps)):
        _assert_room_clean(window, secrets, texts_of)
        advance(controller.snapshot().step.span_ms // 2)
        _assert_room_clean(window, secrets, texts_of)
        controller.skip()
    window.actions_by_name["blank"].setChecked(True)
    _assert_room_clean(window, secrets, texts_of)

    # The private text is where it belongs: on the laptop, and in the record.
    assert window.notebook is not None
    assert window.notebook.record is not None
    assert window.notebook.record.reflection == secrets[2]
    # ...and never in the log.
    for secret in secrets[:4]:
        assert secret not in caplog.text
