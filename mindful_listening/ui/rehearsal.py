"""Rehearse at 20×: the script being edited, run in a room view of its own at twenty times real speed.

A rehearsal is for seeing how a script flows before a room meets it: every step, its roles, captions and
time, as the room view would show them, in a minute or two instead of half an hour. It keeps **no record**
(nothing here has a record sink: it cannot write one), speaks nothing (cues twenty times too fast are noise;
each is shown as its caption) and never touches the main window's session or its speaker, so it may run
beside a practice. An open-ended step ends after its guide duration, as in ``mindful-listening play``: nobody
is at the keys of a rehearsal. Stop (or Esc) ends it at once.

The clock is the session's own ``ScaledClock`` over the clock the app was given (a manual one in tests), and
the one :class:`~mindful_listening.controller.SessionController` a session uses keeps time.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mindful_listening.controller import SessionController
from mindful_listening.core.clock import Clock, MonotonicClock, ScaledClock
from mindful_listening.core.durations import describe_ms
from mindful_listening.core.runner import Snapshot, State
from mindful_listening.core.script import Script, StepKind
from mindful_listening.core.timeline import Step, Timeline, compile_script
from mindful_listening.speech.api import SilentSpeaker
from mindful_listening.timers import TimerFactory, make_timer
from mindful_listening.ui import phase
from mindful_listening.ui.room import AudienceView, RoomFeed
from mindful_listening.ui.theme import DARK, Palette
from mindful_listening.ui.widgets import fit_to_screen

SPEED = 20  # a 30-minute script in a minute and a half: each step still readable as it passes


def _tr(text: str) -> str:
    return QCoreApplication.translate("Rehearsal", text)


def rehearsal_timeline(script: Script) -> Timeline:
    """The script's timeline with open-ended steps ending after their guide duration (as ``play`` runs
    them): a rehearsal has nobody at the keys to end them."""
    timeline = compile_script(script)
    steps = tuple(dataclasses.replace(step, open_ended=False) for step in timeline.steps)
    return Timeline(script=timeline.script, steps=steps)


class Rehearsal(QWidget):
    """A window of its own: a banner saying it is a rehearsal at 20×, the room view, the step it is at and
    Stop. ``ended()`` once, when it stops or reaches the end."""

    ended = Signal()

    def __init__(
        self,
        script: Script,
        clock: Clock | None = None,
        timer_factory: TimerFactory = make_timer,
        palette: Palette = DARK,
        font_scale: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("rehearsal")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.script = script
        self.timeline = rehearsal_timeline(script)
        speed = str(SPEED)
        self.setWindowTitle(_tr("Rehearsal at %1×: %2").replace("%1", speed).replace("%2", script.title))
        self.banner = QLabel(
            _tr(
                "A rehearsal at %1× speed, in silence (each cue shows as its caption): no record is kept. "
                "Esc or Stop ends it."
            ).replace("%1", speed)
        )
        self.banner.setObjectName("rehearsalBanner")
        self.banner.setWordWrap(True)
        self.banner.setProperty("role", "notice")
        self.view = AudienceView()
        self.feed = RoomFeed()
        self.feed.set_palette(palette)
        self.feed.set_font_scale(font_scale)
        self.feed.attach(self.view)
        self.where = QLabel()
        self.where.setObjectName("rehearsalWhere")
        self.where.setWordWrap(True)
        self.stop_button = QPushButton(_tr("&Stop the rehearsal"))
        self.stop_button.setObjectName("stopRehearsal")
        self.stop_button.setAccessibleName(_tr("Stop the rehearsal"))
        self.stop_button.clicked.connect(self.stop)
        row = QHBoxLayout()
        row.addWidget(self.where, 1)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        escape = QAction(self)
        escape.setObjectName("rehearsal_stop")
        escape.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        escape.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        escape.triggered.connect(self.stop)
        self.addAction(escape)
        # Larger with larger text (the room view's words grow with it), never past its screen.
        grow = min(max(font_scale, 1.0), 1.6)
        fit_to_screen(self, QSize(round(960 * grow), round(640 * grow)))

        # Silent, with no record sink: a rehearsal can neither be heard over a session nor leave a record.
        self.controller = SessionController(
            self.timeline,
            SilentSpeaker("a rehearsal at speed is shown, not spoken"),
            ScaledClock(SPEED, clock or MonotonicClock()),
            timer_factory,
            parent=self,
        )
        self.controller.stepStarted.connect(self._on_step)
        self.controller.tick.connect(self._on_tick)
        self.controller.caption.connect(self.feed.set_caption)
        self.controller.finished.connect(lambda _log: self._on_finished())
        self._over = False
        self._on_step(self.timeline.steps[0])
        self._on_tick(self.controller.snapshot())

    @property
    def running(self) -> bool:
        return not self._over and self.controller.state is State.RUNNING

    def set_looks(self, palette: Palette, font_scale: float) -> None:
        """The room's theme and text size, changed while the rehearsal runs: its room view follows, as the
        room's own does (the window itself takes the new style from the editor it belongs to)."""
        self.feed.set_palette(palette)
        self.feed.set_font_scale(font_scale)

    def start(self) -> None:
        self.controller.start()
        self.stop_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def stop(self) -> None:
        """End the rehearsal now and close its window (Stop, Esc; Close once it is over)."""
        self.close()

    # ----------------------------------------------------------------- what the room view shows
    def _on_step(self, step: Step) -> None:
        self.feed.set_roles(phase.role_lines(step), phase.headline(step))
        if step.kind is StepKind.PURPOSE:
            self.feed.show_purpose(phase.reflow(self.script.purpose), (), timed=True)
        elif step.kind is StepKind.INQUIRY:
            prompt = self.timeline.prompt_of(step)
            text = phase.reflow(prompt.text if prompt is not None else self.script.debrief.introduction)
            self.feed.show_debrief(text, timed=True, heading=step.caption)
        else:
            self.feed.show_practice()

    def _on_tick(self, snapshot: Snapshot) -> None:
        self.feed.set_tick(
            phase.phase_of(snapshot),
            snapshot.fraction_left,
            snapshot.past_zero,
            phase.digits(snapshot),
            phase.next_step_text(self.timeline, snapshot.index),
        )
        if not self._over:
            self.where.setText(
                _tr("Step %1 of %2: %3 (%4 of the script)")
                .replace("%1", str(snapshot.index + 1))
                .replace("%2", str(len(self.timeline.steps)))
                .replace("%3", snapshot.step.title)
                .replace("%4", describe_ms(snapshot.step.duration_ms))
            )

    def _on_finished(self) -> None:
        if self._over:
            return
        self._over = True
        self.feed.set_caption("")
        self.where.setText(_tr("The rehearsal has ended. Nothing was recorded."))
        self.stop_button.setText(_tr("&Close"))
        self.stop_button.setAccessibleName(_tr("Close the rehearsal"))
        self.ended.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._over:
            self.controller.finish()
        self.controller.shutdown()
        self.feed.detach(self.view)
        super().closeEvent(event)
