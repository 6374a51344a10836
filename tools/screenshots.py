"""Regenerate the window's screenshots in docs/screenshots/ (offscreen, 1920×1080, and a 1366×768 laptop).

    python tools/screenshots.py [--out FOLDER]

A manual clock poses the session at telling moments (75 s into the first speaking turn, the silent pause,
counting past zero), so every run draws the same pictures. Nothing is spoken and nothing is stored: the
speaker is silent and the notes go to memory. The notes shown are made up for the picture.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QDate, QEventLoop, QPoint, QRect, QSize
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from mindful_listening.core.assessment import Emphasis
from mindful_listening.core.clock import ManualClock, MonotonicClock
from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.core.record import MemorySink, Note, SessionRecord
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import SilentSpeaker
from mindful_listening.speech.service import output_back_message, problem_message
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.paths import ENV_DATA_DIR
from mindful_listening.storage.store import RecordStore
from mindful_listening.timers import HandTimers
from mindful_listening.ui.history import DEFAULT_SIZE, HistoryWidget
from mindful_listening.ui.room import AudienceWindow
from mindful_listening.ui.widgets import WINDOW_FRAME
from mindful_listening.ui.window import MainWindow

SIZE = (1920, 1080)
LAPTOP = (1366 - 16, 768 - 48)  # a 1366×768 laptop screen, less the window manager's frame and title
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


class Poser:
    def __init__(self, out: Path, theme: str = "dark", size: tuple[int, int] = SIZE) -> None:
        self.out = out
        self.size = size
        self.app = QApplication.instance() or QApplication([])
        self.clock = ManualClock(0)
        self.window = MainWindow(
            Preferences(theme=theme),  # type: ignore[arg-type]
            SilentSpeaker("screenshots"),
            MemorySink(),
            clock=self.clock,
            timer_factory=HandTimers(self.clock),  # never advanced: the poser moves the clock itself
        )
        self.window.resize(*size)
        self.window.show()
        self.room = AudienceWindow()
        self.window.feed.attach(self.room.view)
        self.room.resize(*SIZE)
        self.room.show()
        self.saved: list[Path] = []

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()

    def save(self, widget: QWidget, name: str) -> Path:
        self.settle()
        path = self.out / f"{name}.png"
        pixmap = widget.grab()
        expected = self.size if widget is self.window else SIZE
        if (pixmap.width(), pixmap.height()) != expected:
            raise SystemExit(f"{name}: grabbed {pixmap.width()}×{pixmap.height()}, expected {expected}")
        pixmap.save(str(path))
        self.saved.append(path)
        return path

    def run_to(self, ms_into_session: int) -> None:
        """Move the clock to ``ms_into_session`` after the start and let the session catch up."""
        controller = self.window.controller
        assert controller is not None
        started = self.started_at
        self.clock.set(started + ms_into_session)
        controller.poll()

    def start(self) -> None:
        self.window.set_stage(Stage.PRACTICE)
        self.started_at = self.clock.now_ms()
        self.window.toggle()

    def close(self) -> None:
        self.room.close()
        self.window.close()


def compose_help(window: MainWindow) -> QPixmap:
    """The shortcut panel floating over the console, as a facilitator would see it after pressing F1."""
    window.show_shortcuts()
    panel = window.help_panel
    assert panel is not None
    panel.resize(900, 960)
    return float_over(window, panel)


# The voices the Preferences picture lists (espeak-ng's names for a few of its English voices): the same
# picture whichever voices this machine has installed.
POSED_VOICES = [
    {"id": "gmw/en", "name": "English (Great Britain)", "language": "en-gb"},
    {"id": "gmw/en-gb-x-rp", "name": "English (Received Pronunciation)", "language": "en-gb-x-rp"},
    {"id": "gmw/en-gb-scotland", "name": "English (Scotland)", "language": "en-gb-scotland"},
    {"id": "gmw/en-us", "name": "English (America)", "language": "en-us"},
]


def compose_preferences(window: MainWindow) -> QPixmap:
    """Tools ▸ Preferences (Ctrl+,) over the console, with a facilitator's choices: a calmer voice, a quieter
    bell, warnings by soft bell for every sitting."""
    from mindful_listening.ui.preferences_dialog import PreferencesDialog
    from mindful_listening.ui.tool_windows import PREFERENCES

    window.actions_by_name["preferences"].trigger()
    dialog = window.tools.get(PREFERENCES)
    assert isinstance(dialog, PreferencesDialog)
    if dialog.sampler is not None:
        dialog.sampler.shutdown()  # nothing is spoken here, and the list of voices is the posed one
    dialog.voice.set_voices(POSED_VOICES, "gmw/en")
    chosen = replace(window.prefs, voice="gmw/en-gb-x-rp", rate=140, bell_volume=0.45, warnings="bell")
    dialog.changed.emit(chosen)  # as if chosen in the dialog: saved nowhere (no settings), applied
    dialog.resize(dialog.wanted_size())
    for _ in range(3):
        QCoreApplication.processEvents()  # laid out at its new size before it is drawn
    picture = float_over(window, dialog)
    dialog.close()
    return picture


def compose_editor(window: MainWindow) -> QPixmap:
    """Script ▸ Duplicate over the library: the MBSR-style script's first turn made 4 minutes, one cue left
    past its new end (its message at the cue, as `validate` words it), the preview beside the form."""
    library = window.library_page
    library.list.setCurrentRow(
        next(i for i, s in enumerate(library._scripts) if s.id == "speak-reflect-respond")
    )
    editor = window.shelf.duplicate()
    assert editor is not None
    editor.step_list.setCurrentRow(1)
    editor.edit("4 minutes", lambda doc: doc["steps"][1].__setitem__("duration", "4m"))
    editor.edit("a cue", lambda doc: doc["steps"][1]["cues"][1].__setitem__("at", "4m 30s"))
    editor.validate_now()
    editor.resize(1500, 960)
    for _ in range(3):
        QCoreApplication.processEvents()
    form = editor.findChild(QScrollArea, "editorForm")
    assert form is not None
    form.ensureWidgetVisible(editor.cues, 0, 120)  # and the cue's message, under the cue table
    for _ in range(3):
        QCoreApplication.processEvents()
    picture = float_over(window, editor)
    editor.undo_stack.setClean()  # posed, not saved: close without asking
    editor.close()
    library.list.setCurrentRow(0)
    return picture


def float_over(window: MainWindow, panel: QWidget) -> QPixmap:
    """``panel`` floating over the dimmed window, framed in the accent colour."""
    base = window.grab()
    over = panel.grab()
    painter = QPainter(base)
    painter.fillRect(base.rect(), QColor(0, 0, 0, 110))
    x, y = base.width() - over.width() - 60, 90
    painter.setPen(QPen(QColor(window.palette_now.accent), 4))
    painter.drawRect(QRect(QPoint(x - 2, y - 2), over.size()).adjusted(0, 0, 3, 3))
    painter.drawPixmap(x, y, over)
    painter.end()
    return base


def _made_up_sessions() -> list[SessionRecord]:
    """Sessions for the history's picture: made up, as every note in these pictures is."""
    sessions = []
    for script_id, started, codes, note in (
        (
            "classic-pairs",
            "2026-03-10T09:30:00+00:00",
            ["P1", "P2", "P3", "P4", "P5", "P6"],
            "Warmth in the chest.",
        ),
        (
            "speak-reflect-respond",
            "2026-03-03T14:00:00+00:00",
            ["AB", "CD", "EF", "GH"],
            "Reflecting back felt slow.",
        ),
        ("rain", "2026-02-24T11:15:00+00:00", ["C-12"], ""),
        ("triads-observer", "2026-02-17T09:30:00+00:00", ["T1", "T2", "T3"], "Observers noticed the pauses."),
    ):
        made = SessionRecord.begin(find_script(script_id), 600_000)
        made.started_at = started
        made.ended_at = None if script_id == "rain" else started
        made.participants = codes
        made.notes = [
            Note(prompt=p.text, text=note if i == 0 else "", layer=p.layer.value)
            for i, p in enumerate(find_script(script_id).debrief.prompts)
        ]
        made.free_notes = "Group settled quickly; two chose to pass in the round." if note else ""
        sessions.append(made)
    return sessions


def _run_until(app: QCoreApplication, done: Callable[[], bool], what: str) -> None:
    """Run the event loop until ``done()``: the history reads on a thread of its own and answers by signal."""
    clock = MonotonicClock()
    give_up = clock.now_ms() + 10_000
    while not done():
        if clock.now_ms() > give_up:
            raise SystemExit(f"history: {what} never came")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


def shoot_history(poser: Poser, screen: QSize) -> Path:
    """The session history at the size it opens at on ``screen``, one session open, in the poser's looks. Its
    made-up sessions are kept in a folder of this run's own, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="ml-screenshots-") as folder:
        sessions = _made_up_sessions()
        with RecordStore.open(Path(folder)) as store:
            for made in sessions:
                store.save(made)
        keeper = RecordKeeper(Path(folder))
        history = HistoryWidget(keeper)
        poser.window.looks.dress(history)
        history.date_from.setDate(QDate(2026, 2, 1))  # not today's month: the same picture on every day
        history.date_to.setDate(QDate(2026, 3, 31))
        size = DEFAULT_SIZE.boundedTo(screen - WINDOW_FRAME)
        history.resize(size)
        history.show()
        _run_until(poser.app, lambda: len(history.model.rows) == len(sessions), "the list")
        history.table.selectRow(0)
        _run_until(poser.app, lambda: history.editor.record is not None, "the first session")
        poser.settle()
        pixmap = history.grab()
        if (pixmap.width(), pixmap.height()) != (size.width(), size.height()):
            raise SystemExit(f"history: grabbed {pixmap.width()}×{pixmap.height()}, expected {size}")
        path = poser.out / "laptop-1366x768-history.png"
        pixmap.save(str(path))
        history.close()
        keeper.close()
    poser.saved.append(path)
    return path


GIBBS_SAMPLE = {
    "description": "Six of us, three pairs; the swap came on time and two chose to pass in the round.",
    "feelings": "Nervous at the start, then steadier once the first turn began.",
    "evaluation": "The silence after the bell helped; my invitation to inquiry felt hurried.",
    "analysis": "I think I filled the pause because I worried the group was bored.",
}


def _made_up_diary(store: RecordStore, course_id: str = "") -> None:
    """Diary entries for the pictures: made up, as every note in these pictures is."""
    from datetime import date

    from mindful_listening.core.diary import DiaryEntry

    for day, week, texts in (
        (
            "2026-03-05",
            2,
            ["Twice, on the bus: a few breaths each time.", "With my sister on Sunday: I let her finish."],
        ),
        (
            "2026-03-12",
            3,
            ["Most mornings, five minutes.", "", "My jaw tightened when a colleague disagreed."],
        ),
        ("2026-03-19", 4, ["An evening sit with the group's recording."]),
    ):
        entry = DiaryEntry.begin(date.fromisoformat(day))
        entry.created_at = f"{day}T19:00:00+00:00"
        for answer, text in zip(entry.answers, texts, strict=False):
            answer.text = text
        if course_id:
            entry.course_id, entry.course_week = course_id, week
        store.save_entry(entry)


def shoot_tool(
    poser: Poser,
    name: str,
    make: Callable[[RecordKeeper], QWidget],
    ready: Callable[[QWidget], bool],
    fill: Callable[[RecordStore], None],
) -> Path:
    """A window of the Tools menu on the laptop, at the laptop's size, over made-up records kept in a folder
    of this run's own (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="ml-screenshots-") as folder:
        with RecordStore.open(Path(folder)) as store:
            fill(store)
        keeper = RecordKeeper(Path(folder))
        window = make(keeper)
        poser.window.looks.dress(window)
        window.resize(*LAPTOP)
        window.show()
        _run_until(poser.app, lambda: ready(window), name)
        poser.settle()
        pixmap = window.grab()
        if (pixmap.width(), pixmap.height()) != LAPTOP:
            raise SystemExit(f"{name}: grabbed {pixmap.width()}×{pixmap.height()}, expected {LAPTOP}")
        path = poser.out / f"laptop-1366x768-{name}.png"
        pixmap.save(str(path))
        window.close()
        keeper.close()
    poser.saved.append(path)
    return path


def shoot_diary_and_course(poser: Poser) -> None:
    """The practice diary, one entry open; and a course with two sessions and its diary, week by week."""
    from mindful_listening.core.course import Course
    from mindful_listening.ui.course import CourseWindow
    from mindful_listening.ui.diary import DiaryWindow

    def diary_ready(window: QWidget) -> bool:
        assert isinstance(window, DiaryWindow)
        if window.list.count() and window.entry is None:
            window.list.setCurrentRow(0)
        return window.entry is not None

    shoot_tool(poser, "diary", DiaryWindow, diary_ready, _made_up_diary)

    course = Course.begin("Level 4: working with mindfulness, spring", "Group B", 8)
    course.created_at = "2026-02-26T18:00:00+00:00"

    def fill(store: RecordStore) -> None:
        for week, made in zip((3, 2), _made_up_sessions()[:2], strict=True):
            store.save(made)
            course.place(made.id, week)
        store.save_course(course)
        _made_up_diary(store, course.id)

    asked: list[bool] = []

    def course_ready(window: QWidget) -> bool:
        assert isinstance(window, CourseWindow)
        if window.list.count() and window.contents is None and not asked:
            asked.append(True)  # once: its contents are read on the writer thread
            window.list.setCurrentRow(0)
        return window.contents is not None

    shoot_tool(poser, "course", CourseWindow, course_ready, fill)


def shoot(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    poser = Poser(out)
    w = poser.window

    # 1. The library, with the chosen script's preview; then its rehearsal.
    w.library_page.list.setCurrentRow(0)
    poser.save(w, "library")
    w.library_page.tabs.setCurrentIndex(1)
    poser.save(w, "library-rehearse")
    w.library_page.tabs.setCurrentIndex(0)
    # ... and Script ▸ Duplicate: the editor over the library.
    editor_path = out / "script-editor.png"
    compose_editor(w).save(str(editor_path))
    poser.saved.append(editor_path)

    # 2. The purpose: the room's view and the laptop's.
    w.use_selected_script()
    poser.save(poser.room, "purpose-room")
    poser.save(w, "purpose-presenter")
    # ... and with the reminders shown under it (the facilitator's choice).
    w.actions_by_name["reminders_in_room"].trigger()
    poser.save(poser.room, "purpose-reminders-room")
    w.actions_by_name["reminders_in_room"].trigger()

    # 3. Practice: 75 s into A's turn (it started at 1:00), the silent pause, and counting past zero.
    poser.start()
    poser.run_to(60_000 + 75_000)
    poser.save(poser.room, "practice-speaking-room")
    poser.save(w, "practice-presenter")
    # ... and the same console with a tutor assessing the facilitator (assessment mode, two observations).
    w.actions_by_name["assessment"].setChecked(True)
    panel = w.assessment_panel
    panel.begin("observed-mindful-listening", "T-07", "R. Moss", "2026-11-30", "Teacher training, module 2")
    for criterion, emphasis, text in (
        ("purpose", "strength", "Purpose given in two plain sentences; invited anyone to pass."),
        ("structure-and-time", "development", "Swap cue came 20 s late; the pair looked to the clock."),
    ):
        panel.set_criterion(criterion)
        panel.set_emphasis(Emphasis(emphasis))
        panel.note_edit.setText(text)
        panel.log_observation()
    poser.save(w, "practice-presenter-assessment")
    w.actions_by_name["assessment"].setChecked(False)
    # ... and the laptop's one notice when the sound output stops mid-session (the room sees nothing of it).
    w.notices.sound_output(False, problem_message("output-lost"))
    poser.save(w, "practice-sound-lost-presenter")
    w.notices.sound_output(True, output_back_message())
    # ... pause and ground (G): the room is offered an outward anchor and the clock waits.
    w.session.ground()
    poser.save(poser.room, "practice-grounding-room")
    poser.save(w, "practice-grounding-presenter")
    w.toggle()
    poser.run_to(60_000 + 195_000 + 12_000)
    poser.save(poser.room, "practice-silent-pause-room")
    poser.window.controller.skip()  # type: ignore[union-attr]
    poser.window.controller.skip()  # type: ignore[union-attr]
    poser.run_to(poser.clock.now_ms() - poser.started_at + 184_000)
    poser.save(poser.room, "practice-past-zero-room")

    # 4. The shortcut help over the console.
    help_path = out / "shortcut-help.png"
    compose_help(w).save(str(help_path))
    poser.saved.append(help_path)
    if w.help_panel is not None:
        w.help_panel.close()

    # ... and the Preferences over it.
    preferences_path = out / "preferences.png"
    compose_preferences(w).save(str(preferences_path))
    poser.saved.append(preferences_path)

    # 5. The debrief with (made-up) notes, after the practice ends.
    w.controller.finish()  # type: ignore[union-attr]
    page = w.debrief_page
    page.participants.setText("P1, P2, P3, P4, P5, P6")
    sample = [
        "Several noticed warmth in the chest while being listened to; one felt exposed at first.",
        "P2: surprising how long two minutes felt without being interrupted.",
        "Listeners spoke of an urge to nod and to plan a reply; most let it pass.",
        "Familiar from work meetings. Breath helped when the mind wandered.",
        "Ideas: pausing before replying at home; leaving a silence with clients.",
    ]
    for field, text in zip(page.prompt_fields, sample, strict=False):
        field.setPlainText(text)
    page.free_notes.setPlainText(
        "Group settled quickly. Two people chose to pass in the round; both rejoined later."
    )
    page.reflection.setPlainText(
        "I rushed the swap. Next time: one more breath before inviting the change of roles."
    )
    page.prompts_scroll.verticalScrollBar().setValue(0)
    poser.save(w, "debrief-presenter")
    # ... and the own reflection through Gibbs' reflective cycle (made up), then back to the free box.
    form = page.reflection_form
    form.choose("gibbs")
    for stage, text in GIBBS_SAMPLE.items():
        form.stage_fields[("gibbs", stage)].setPlainText(text)
    poser.save(w, "debrief-gibbs-presenter")
    form.choose("free")
    poser.save(poser.room, "debrief-room")
    w.go_next()  # PageDown: the first prompt, in the room
    poser.save(poser.room, "debrief-prompt-room")
    for _ in w.script.debrief.prompts if w.script else []:
        w.go_next()  # on through the prompts to the closing
    poser.save(poser.room, "closing-room")
    poser.close()

    # 6. Threes with an observer, in high contrast.
    hc = Poser(out, theme="high-contrast")
    hc.window.use_script(find_script("triads-observer"))
    hc.start()
    hc.run_to(60_000 + 40_000)
    hc.save(hc.room, "practice-triads-high-contrast-room")
    hc.close()

    # 7. A whole lesson on the clock: the purpose step (40 s in), then the first inquiry step, its prompt in
    # the room and its notes on the laptop (75 s into it; the note is made up).
    lesson = Poser(out)
    lesson.window.use_script(find_script("whole-lesson-pairs"))
    lesson.start()
    lesson.run_to(40_000)
    lesson.save(lesson.room, "whole-lesson-purpose-room")
    lesson.save(lesson.window, "whole-lesson-purpose-presenter")
    lesson.run_to(25 * 60_000 + 30_000 + 75_000)
    lesson.window.practice_page.prompt_notes.setPlainText(
        "P3: a tightness in the throat before speaking, easing once the minute began. Several felt time slow."
    )
    lesson.save(lesson.room, "whole-lesson-inquiry-room")
    lesson.save(lesson.window, "whole-lesson-inquiry-presenter")
    lesson.close()

    # 8. On a 1366×768 laptop: the practice console, then with the tutor's assessment beside it.
    laptop = Poser(out, size=LAPTOP)
    laptop.window.use_script(find_script("classic-pairs"))
    laptop.start()
    laptop.run_to(60_000 + 75_000)
    laptop.save(laptop.window, "laptop-1366x768-practice-presenter")
    laptop.window.actions_by_name["assessment"].setChecked(True)
    laptop.save(laptop.window, "laptop-1366x768-practice-assessment")
    # 9. The session history on the same laptop, at the size it opens at there.
    shoot_history(laptop, QSize(1366, 768))
    # 10. The practice diary and a course, on the same laptop.
    shoot_diary_and_course(laptop)
    laptop.close()
    return poser.saved + hc.saved + lesson.saved + laptop.saved


def main(argv: list[str] | None = None, report: Callable[[str], object] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNG files")
    args = parser.parse_args(argv)
    # A data folder of this run's own: the pictures show the built-ins only, never the scripts or records
    # of whoever runs the tool.
    with tempfile.TemporaryDirectory(prefix="ml-screenshots-data-") as folder:
        before = os.environ.get(ENV_DATA_DIR)
        os.environ[ENV_DATA_DIR] = folder
        try:
            for path in shoot(args.out):
                report(str(path))
        finally:
            if before is None:
                os.environ.pop(ENV_DATA_DIR, None)
            else:
                os.environ[ENV_DATA_DIR] = before
    return 0


if __name__ == "__main__":
    sys.exit(main())
