"""The one-to-one window: a small, quiet exercise timer for the therapy room.

The practitioner chooses an exercise (the built-in one-to-one scripts, or a script file), how long to settle
before it begins, and whether anything should sound. The session itself is the ordinary
:class:`~mindful_listening.controller.SessionController` over the core runner; this window only draws it and
forwards intent. Breathing steps show the :class:`~mindful_listening.ui.pacer_widget.PacerWidget`; other
steps show their title and the cue captions, small. Open-ended steps count up past their guide ("+1:20")
until the practitioner presses Next, because the pace is the client's.

Every timer comes from the injected factory and every deadline from the injected clock: the settling delay,
the interval bell and the spoken "breathing in / out" are each one single-shot timer armed for the instant
the next thing is due (nothing is counted in ticks).

Privacy: the client is a code, never a name, and the notes are handed to the record sink on every edit and
at the end. Neither is ever logged, put in the window title, or kept in QSettings (which holds only the
window's choices).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from mindful_listening.controller import SessionController
from mindful_listening.core.clock import Clock, MonotonicClock
from mindful_listening.core.durations import format_clock
from mindful_listening.core.library import builtin_scripts_for
from mindful_listening.core.pacer import Pace, Rhythm
from mindful_listening.core.record import MemorySink, RecordSink, SessionRecord
from mindful_listening.core.runner import Snapshot, State
from mindful_listening.core.script import Mode, Script
from mindful_listening.core.timeline import Step, Timeline
from mindful_listening.one_to_one_session import OneToOneSession
from mindful_listening.preferences import (
    GuideSound,
    GuideText,
    OneToOneChoices,
)
from mindful_listening.speech.api import Speaker
from mindful_listening.timers import TimerFactory, make_timer
from mindful_listening.ui import one_to_one_pages as pages
from mindful_listening.ui import theme
from mindful_listening.ui.one_to_one_care import (
    BeforeYouBegin,
    DebriefQuestions,
    PinnedReminders,
    has_care_text,
)
from mindful_listening.ui.one_to_one_choices import ChoiceControls
from mindful_listening.ui.pacer_widget import PacerWidget
from mindful_listening.ui.widgets import fit_to_screen

if TYPE_CHECKING:
    from mindful_listening.core.loading import Checked
    from mindful_listening.ui.open_script import ScriptFileReader

log = logging.getLogger(__name__)

DEFAULT_SIZE = (420, 520)


def one_to_one_scripts() -> list[Script]:
    """The built-in scripts written for one-to-one work (only those are validated for it)."""
    return list(builtin_scripts_for(Mode.ONE_TO_ONE))


def _looks_like_a_name(code: str) -> bool:
    """A gentle heuristic: a run of three or more letters that is not all capitals ("Sam", "jo smith")."""
    return any(not word.isupper() for word in re.findall(r"[^\W\d_]{3,}", code))


class OneToOneWindow(QMainWindow):
    """The compact window. ``speaker`` speaks the cues; ``sink`` keeps the record (with its notes)."""

    sessionStarted = Signal()
    sessionFinished = Signal(object)  # the SessionRecord, as handed to the sink
    scriptFileRead = Signal(bool)  # a chosen script file was read: added (True) or turned down (False)

    PAGE_CHOOSER, PAGE_SETTLING, PAGE_SESSION, PAGE_ENDED, PAGE_BEFORE = range(5)
    # Made by ui/one_to_one_pages.py (its toolbar and pages):
    _session_page: QWidget
    begin_button: QPushButton
    begin_now_button: QPushButton
    bells_combo: QComboBox
    caption_label: QLabel
    centre: QStackedWidget
    client_code_edit: QLineEdit
    clock_label: QLabel
    end_button: QPushButton
    ended_time_label: QLabel
    exercise_list: QListWidget
    exercise_subtitle: QLabel
    exercise_title: QLabel
    exhale_spin: QDoubleSpinBox
    file_button: QPushButton
    file_problem_label: QLabel
    guide_button: QToolButton
    guide_sound_actions: dict[GuideSound, QAction]
    guide_sound_group: QActionGroup
    guide_text_actions: dict[GuideText, QAction]
    guide_text_group: QActionGroup
    hide_digits_action: QAction
    inhale_spin: QDoubleSpinBox
    interval_combo: QComboBox
    name_hint: QLabel
    next_button: QPushButton
    notes_edit: QPlainTextEdit
    notes_status: QLabel
    on_top_action: QAction
    open_hint: QLabel
    pacer: PacerWidget
    pause_button: QPushButton
    ground_button: QPushButton
    before_page: BeforeYouBegin
    pinned_reminders: PinnedReminders
    debrief_questions: DebriefQuestions
    records_warning: QLabel
    rhythm_row: QWidget
    settle_back_button: QPushButton
    settle_combo: QComboBox
    settle_label: QLabel
    spoken_check: QCheckBox
    step_count_label: QLabel
    step_heading: QLabel
    summary_label: QLabel

    def __init__(
        self,
        speaker: Speaker,
        sink: RecordSink,
        clock: Clock | None = None,
        timer_factory: TimerFactory = make_timer,
        settings: QSettings | None = None,
        scripts: Sequence[Script] | None = None,
        owns_speaker: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("oneToOne")
        self.setWindowTitle(self.tr("One-to-one practice"))
        self.setStyleSheet(theme.QUIET_ROOM_STYLE)
        self._speaker = speaker
        self._owns_speaker = owns_speaker
        self._script_reader: ScriptFileReader | None = None
        self._sink = sink
        self._clock: Clock = clock or MonotonicClock()
        self._timer_factory = timer_factory
        self._settings = settings
        self.choosing = ChoiceControls(self, settings)
        self._scripts: list[Script] = list(scripts) if scripts is not None else one_to_one_scripts()

        self._closing = False
        # The session decides timing and saving; this window renders it and forwards intent.
        self.session = OneToOneSession(
            speaker, sink, self.choosing.choices, clock=self._clock, timer_factory=timer_factory, parent=self
        )
        self.session.settling.connect(lambda left: self.settle_label.setText(format_clock(left)))
        self.session.started.connect(self._on_started)
        self.session.stepShown.connect(self._show_step)
        self.session.caption.connect(lambda text: self.caption_label.setText(text))
        self.session.tick.connect(self._tick)
        self.session.stateChanged.connect(self._state_changed)
        self.session.pacing.connect(lambda running: self.pacer.set_running(running))
        self.session.finished.connect(self._finished)

        pages.build_actions(self)
        self.tabs = QTabWidget(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(pages.build_chooser(self))
        self.pages.addWidget(pages.build_settling(self))
        self.pages.addWidget(pages.build_session(self))
        self.pages.addWidget(pages.build_ended(self))
        self.pages.addWidget(pages.build_before(self))
        self.tabs.addTab(self.pages, self.tr("Practice"))
        self.tabs.addTab(pages.build_notes(self), self.tr("Notes"))
        self.setCentralWidget(self.tabs)
        # Never narrower than its toolbar, so no choice hides behind an overflow arrow no key can reach.
        bar = self.findChild(QToolBar, "oneToOneBar")
        toolbar = bar.sizeHint().width() + 8 if bar is not None else 0
        self.setMinimumSize(max(340, toolbar), 420)
        # Larger text, a larger window (never past its screen): the layout stays as roomy as at 1.0.
        scale = max(1.0, self.fontInfo().pointSizeF() / theme.BASE_POINT_SIZE)
        wanted = QSize(max(round(DEFAULT_SIZE[0] * scale), toolbar), round(DEFAULT_SIZE[1] * scale))
        fit_to_screen(self, wanted)

        self._fill_chooser()
        self.choosing.show()
        self.exercise_list.setFocus()

    @property
    def choices(self) -> OneToOneChoices:
        return self.choosing.choices

    # ================================================================== chooser
    def _fill_chooser(self) -> None:
        self.exercise_list.clear()
        for script in self._scripts:
            item = QListWidgetItem(script.title)
            item.setToolTip(script.summary)
            self.exercise_list.addItem(item)
        if not self._scripts:
            self.summary_label.setText(
                self.tr("No one-to-one exercises were found. You can open a script file instead.")
            )
        else:
            self.exercise_list.setCurrentRow(0)
        self.begin_button.setEnabled(bool(self._scripts))
        # Three exercises show without scrolling, at any text size (more scroll).
        shown = min(3, max(1, self.exercise_list.count()))
        rows = sum(
            self.exercise_list.sizeHintForRow(row) for row in range(min(shown, self.exercise_list.count()))
        )
        frame = 2 * self.exercise_list.frameWidth() + 4
        self.exercise_list.setMinimumHeight(max(rows, self.exercise_list.fontMetrics().lineSpacing()) + frame)

    def _exercise_chosen(self, row: int) -> None:
        if 0 <= row < len(self._scripts):
            self.summary_label.setText(self._scripts[row].summary)
        self.begin_button.setEnabled(0 <= row < len(self._scripts))

    @property
    def scripts(self) -> list[Script]:
        return list(self._scripts)

    def select_exercise(self, script_id: str) -> None:
        for row, script in enumerate(self._scripts):
            if script.id == script_id:
                self.exercise_list.setCurrentRow(row)
                return
        raise KeyError(script_id)

    def selected_script(self) -> Script | None:
        row = self.exercise_list.currentRow()
        return self._scripts[row] if 0 <= row < len(self._scripts) else None

    def open_file_dialog(self) -> QFileDialog:
        """Ask for a script file without blocking (``open()``, never ``exec()``)."""
        dialog = QFileDialog(self, self.tr("Open an exercise script"), str(Path.home()))
        dialog.setNameFilter(self.tr("Exercise scripts (*.toml)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.load_script_file)
        dialog.open()
        return dialog

    def load_script_file(self, path: str | Path) -> None:
        """Add a script file to the list and choose it, read off the GUI thread; explain kindly when it cannot
        be used. ``scriptFileRead(True or False)`` follows."""
        if self._script_reader is None:
            from mindful_listening.ui.open_script import ScriptFileReader

            self._script_reader = ScriptFileReader(self)
            self._script_reader.read.connect(self._script_file_read)
            self._script_reader.refused.connect(
                lambda _path, problems: self._file_refused("\n".join(str(p) for p in problems))
            )
        self._script_reader.read_file(path)

    def _script_file_read(self, _path: str, checked: Checked) -> None:
        script = checked.script
        if script.mode is not Mode.ONE_TO_ONE:
            self._file_refused(
                self.tr(
                    "“{0}” is written for a group. This window runs one-to-one exercises "
                    '(mode = "one-to-one").'
                ).format(script.title)
            )
            return
        if checked.warnings:  # it can be used; what is probably not meant is said where it was chosen
            self._file_problem(
                self.tr("Added — worth a look first:")
                + "\n"
                + "\n".join(str(problem) for problem in checked.warnings)
            )
        else:
            self.file_problem_label.hide()
        self._scripts = [s for s in self._scripts if s.id != script.id] + [script]
        self._fill_chooser()
        self.exercise_list.setCurrentRow(len(self._scripts) - 1)
        self.scriptFileRead.emit(True)

    def _file_refused(self, text: str) -> None:
        self._file_problem(text)
        self.scriptFileRead.emit(False)

    def _file_problem(self, text: str) -> None:
        self.file_problem_label.setText(text)
        self.file_problem_label.show()

    # ================================================================== the session
    @property
    def controller(self) -> SessionController | None:
        return self.session.controller

    @property
    def record(self) -> SessionRecord | None:
        return self.session.record

    def prepare(self) -> None:
        """Begin, from the chooser: first what the script says for the client's care, if it says anything."""
        script = self.selected_script()
        if script is None or self.session.busy():
            return
        if not has_care_text(script):
            self.begin()
            return
        self.before_page.load(script)
        self.pages.setCurrentIndex(self.PAGE_BEFORE)
        self.before_page.begin_button.setFocus()

    def begin(self) -> None:
        """Begin the chosen exercise: settle first if asked, then start."""
        script = self.selected_script()
        if script is None or self.session.busy():
            return
        self.pinned_reminders.load(script)
        self.debrief_questions.load(script)
        if self.session.record is not None:
            self.start_new_notes()  # the last exercise keeps its notes; this one starts afresh
        self.session.begin(script)
        self._update_notes_status()
        if self.session.settling_now:
            self.pages.setCurrentIndex(self.PAGE_SETTLING)

    def begin_now(self) -> None:
        """Skip the rest of the settling delay."""
        self.session.begin_now()

    def cancel_settling(self) -> None:
        """Back to the chooser before anything began. The record is only kept if notes were written."""
        if self.session.cancel_settling():
            self._update_notes_status()
            self.pages.setCurrentIndex(self.PAGE_CHOOSER)

    def _on_started(self) -> None:
        self.pages.setCurrentIndex(self.PAGE_SESSION)
        self._session_page.setFocus()
        self.sessionStarted.emit()

    def _toggle(self) -> None:
        self.session.toggle()

    def next_step(self) -> None:
        """Move on: the practitioner decides when the client is ready."""
        self.session.next_step()

    def ground(self) -> None:
        self.session.ground()

    def end_session(self) -> None:
        self.session.end()

    # ----------------------------------------------------------------- the session's reports
    def _show_step(self, step: Step, timeline: Timeline) -> None:
        self.step_heading.setText(timeline.script.title)
        self.step_count_label.setText(self.tr("{0} of {1}").format(step.index + 1, len(timeline.steps)))
        rhythm = self.session.current_rhythm()
        if rhythm is not None:
            self._show_rhythm(rhythm)
            self.centre.setCurrentWidget(self.pacer)
        else:
            self.exercise_title.setText(step.title)
            self.exercise_subtitle.setText(step.caption if step.caption != step.title else "")
            self.centre.setCurrentIndex(1)
        self.rhythm_row.setVisible(rhythm is not None)
        self.caption_label.setText("")
        self.pacer.refresh()

    def _tick(self, snap: Snapshot) -> None:
        self.clock_label.setText(format_clock(snap.remaining_ms))
        waiting = snap.step.open_ended and snap.past_zero and snap.state in (State.RUNNING, State.PAUSED)
        self.open_hint.setVisible(waiting)
        if bool(self.next_button.property("primary")) != waiting:
            self.next_button.setProperty("primary", waiting)
            self.next_button.style().unpolish(self.next_button)
            self.next_button.style().polish(self.next_button)

    def _state_changed(self, state: str) -> None:
        self.pause_button.setText(self.tr("Resume") if state == State.PAUSED.value else self.tr("Pause"))

    def _finished(self, record: SessionRecord | None, spent_ms: int | None) -> None:
        self.open_hint.hide()
        if record is not None:
            self.sessionFinished.emit(record)
        if spent_ms is not None:
            self.ended_time_label.setText(self.tr("Time together: {0}").format(format_clock(spent_ms)))
        self._update_notes_status()
        if not self._closing:
            self.pages.setCurrentIndex(self.PAGE_ENDED)

    # ----------------------------------------------------------------- the breathing guide
    def _current_pace(self) -> Pace | None:
        return self.session.current_pace()

    def current_rhythm(self) -> Rhythm | None:
        return self.session.current_rhythm()

    def _show_rhythm(self, rhythm: Rhythm) -> None:
        for spin, ms in ((self.inhale_spin, rhythm.inhale_ms), (self.exhale_spin, rhythm.exhale_ms)):
            spin.blockSignals(True)
            spin.setValue(ms / 1000)
            spin.blockSignals(False)

    def set_rhythm(self, inhale_s: float, exhale_s: float) -> None:
        """As if the practitioner typed into the spin boxes."""
        self.inhale_spin.setValue(inhale_s)
        self.exhale_spin.setValue(exhale_s)

    def _rhythm_edited(self) -> None:
        self.session.set_rhythm(Rhythm.from_seconds(self.inhale_spin.value(), self.exhale_spin.value()))
        self.pacer.refresh()

    def active_ms(self) -> int:
        """Running time of the whole exercise so far (pauses and settling left out)."""
        return self.session.active_ms()

    # ================================================================== notes
    def _code_edited(self, code: str) -> None:
        self.name_hint.setVisible(_looks_like_a_name(code))
        self._notes_edited()

    def _notes_edited(self) -> None:
        self.session.set_notes(self.client_code_edit.text(), self.notes_edit.toPlainText())
        self._update_notes_status()

    def _update_notes_status(self) -> None:
        if self.record is None:
            self.notes_status.setText(self.tr("Notes will be kept with the next exercise you begin."))
        else:
            self.notes_status.setText(
                self.tr("Kept with this exercise: {0}").format(self.record.script_title)
            )

    def start_new_notes(self) -> None:
        """Clear the notes (the client code stays) so the next exercise gets its own."""
        self.session.start_new_notes()
        self.notes_edit.blockSignals(True)
        self.notes_edit.clear()
        self.notes_edit.blockSignals(False)
        self._update_notes_status()

    # ================================================================== closing
    def step_away(self) -> None:
        """Esc or Ctrl+Q: back out of the settling countdown, else close the window, never mid-exercise (End
        ends an exercise; its record is kept either way)."""
        if self.session.settling_now:
            self.cancel_settling()
        elif self.pages.currentIndex() == self.PAGE_BEFORE:
            self.pages.setCurrentIndex(self.PAGE_CHOOSER)
        elif not self.session.busy():
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        if self.session.settling_now:
            self.cancel_settling()
        self.session.close()
        self.pacer.set_running(False)
        if self._owns_speaker:
            self._speaker.shutdown()
        self.choosing.save()
        super().closeEvent(event)


def _default_speaker(settings: QSettings | None) -> Speaker:
    """The app's speaker, with the facilitator's saved voice and rate (captions only if it cannot start)."""
    from mindful_listening import preferences
    from mindful_listening.speech.service import make_speaker

    prefs = preferences.load(settings) if settings is not None else preferences.Preferences()
    speaker: Speaker = make_speaker(prefs, QApplication.instance())
    return speaker


def open_one_to_one(
    sink: RecordSink | None = None,
    speaker: Speaker | None = None,
    *,
    clock: Clock | None = None,
    timer_factory: TimerFactory = make_timer,
    settings: QSettings | None = None,
    parent: QWidget | None = None,
) -> OneToOneWindow:
    """Open the compact window and return it (keep a reference). Without a speaker it makes (and owns) one.

    Without a sink, records live only in memory and the Notes tab says so plainly.
    """
    owns = speaker is None
    window = OneToOneWindow(
        speaker if speaker is not None else _default_speaker(settings),
        sink if sink is not None else MemorySink(),
        clock=clock,
        timer_factory=timer_factory,
        settings=settings,
        owns_speaker=owns,
        parent=parent,
    )
    if parent is not None:
        window.setWindowFlag(Qt.WindowType.Window, True)
    if sink is None:
        window.records_warning.show()
    window.show()
    return window
