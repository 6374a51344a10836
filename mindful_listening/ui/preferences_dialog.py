"""The Preferences dialog (Tools ▸ Preferences…, Ctrl+,): voice, rate, volumes, bells, time warnings, the
room's looks and how the debrief's own reflection starts, without a text editor.

Non-modal, shown with ``show()``. Each change is a new :class:`~mindful_listening.preferences.Preferences`
sent at once by ``changed``; whoever opened the dialog takes it (saves it and applies it: the window's
``ui/preference_effects.py``). ``show_prefs`` shows preferences changed elsewhere (a menu, a key, a reset).
"Reset to defaults…" asks first, then sends ``resetRequested``.

Preview and "Hear the bell" sound through a speech service of the dialog's own, made when the dialog is
shown and closed when it is hidden: the same render worker and sound player a session uses, so nothing here
blocks the event loop and a session's own queue of cues is never touched. That service's render worker also
lists the installed voices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QHideEvent, QScreen, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mindful_listening.core import reflection
from mindful_listening.preferences import (
    BELL_CHOICES,
    THEME_CHOICES,
    WARNING_CHOICES,
    BellChoice,
    Preferences,
    ThemeChoice,
    WarningChoice,
)
from mindful_listening.speech.renderer import EngineInfo
from mindful_listening.speech.service import SpeechService
from mindful_listening.ui.voice_box import VoiceBox
from mindful_listening.ui.widgets import fit_to_screen, heading, scrolled, text_label

RATE_RANGE = (80, 300)  # words a minute, as Preferences.clamped keeps them
FONT_RANGE = (60, 250)  # per cent, as Preferences.clamped keeps the text size
DEFAULT_WIDTH = 640

SamplerFactory = Callable[[Preferences, QWidget], SpeechService]


class PreferencesDialog(QDialog):
    """``changed(Preferences)`` at each choice; ``resetRequested()`` once the reset was confirmed."""

    changed = Signal(object)
    resetRequested = Signal()

    def __init__(
        self,
        prefs: Preferences,
        parent: QWidget | None = None,
        *,
        make_sampler: SamplerFactory | None = None,
        busy: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.setModal(False)
        self.prefs = prefs.clamped()
        self._make_sampler: SamplerFactory = make_sampler or (lambda p, owner: SpeechService(p, owner))
        self.sampler: SpeechService | None = None
        # Why a sample must not sound now (a practice running, the session's voice speaking), or "".
        self._busy: Callable[[], str] = busy or (lambda: "")
        self.reset_question: QMessageBox | None = None
        self._sized = False
        self._volume_words: dict[QSlider, Callable[[int], None]] = {}

        # ------------------------------------------------------------- voice
        self.voice = VoiceBox(self.prefs.voice)
        self.voice.voiceChosen.connect(lambda voice: self._choose(voice=voice))
        self.preview = QPushButton(self.tr("&Preview"))
        self.preview.setObjectName("previewVoice")
        self.preview.setAccessibleName(self.tr("Preview the voice"))
        self.preview.setToolTip(self.tr("Speak a sample cue in this voice, at this rate and volume"))
        self.preview.clicked.connect(self.hear_sample)
        self.rate = QSpinBox()
        self.rate.setObjectName("rate")
        self.rate.setAccessibleName(self.tr("Speaking rate, in words a minute"))
        self.rate.setRange(*RATE_RANGE)
        self.rate.setSingleStep(10)
        self.rate.setSuffix(self.tr(" words a minute"))
        self.rate.setKeyboardTracking(False)  # a typed "200" is one change, not "2", "20", "200"
        self.rate.valueChanged.connect(lambda value: self._choose(rate=int(value)))
        self.voice_volume, voice_volume_row = self._volume(
            "voiceVolume", self.tr("Cue volume"), lambda value: self._choose(voice_volume=value)
        )
        self.bell_volume, bell_volume_row = self._volume(
            "bellVolume", self.tr("Bell volume"), lambda value: self._choose(bell_volume=value)
        )
        self.hear_bell = QPushButton(self.tr("&Hear the bell"))
        self.hear_bell.setObjectName("hearBell")
        self.hear_bell.setAccessibleName(self.tr("Hear the bell"))
        self.hear_bell.setToolTip(self.tr("Ring the bell once, at this volume"))
        self.hear_bell.clicked.connect(self.ring_bell)
        bell_volume_row.addWidget(self.hear_bell)
        self.bells = self._choice_box("bells", self.tr("Bells"))
        bell_words: dict[BellChoice, str] = {
            "script": self.tr("The app rings the script's bells"),
            "none": self.tr("None: I ring my own bowl"),
        }
        for bell_choice in BELL_CHOICES:
            self.bells.addItem(bell_words[bell_choice], bell_choice)
        self.bells.currentIndexChanged.connect(lambda index: self._choose(bells=BELL_CHOICES[index]))
        self.sample_status = text_label("", role="muted")
        self.sample_status.setObjectName("sampleStatus")

        # ------------------------------------------------------------- warnings
        self.warnings = self._choice_box("warnings", self.tr("Time warnings"))
        warning_words: dict[WarningChoice, str] = {
            "script": self.tr("As each script says"),
            "spoken": self.tr("Spoken"),
            "bell": self.tr("A soft bell (the words as a caption)"),
            "caption": self.tr("The caption only, in silence"),
        }
        for choice in WARNING_CHOICES:
            self.warnings.addItem(warning_words[choice], choice)
        self.warnings.currentIndexChanged.connect(lambda index: self._choose(warnings=WARNING_CHOICES[index]))

        # ------------------------------------------------------------- the room
        self.theme = self._choice_box("theme", self.tr("Theme"))
        theme_words: dict[ThemeChoice, str] = {
            "system": self.tr("Follow the system (light or dark)"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
            "high-contrast": self.tr("High contrast"),
        }
        for theme_choice in THEME_CHOICES:
            self.theme.addItem(theme_words[theme_choice], theme_choice)
        self.theme.currentIndexChanged.connect(lambda index: self._choose(theme=THEME_CHOICES[index]))
        self.text_size = QSpinBox()
        self.text_size.setObjectName("textSize")
        self.text_size.setAccessibleName(self.tr("Text size, in per cent"))
        self.text_size.setRange(*FONT_RANGE)
        self.text_size.setSingleStep(10)
        self.text_size.setSuffix(" %")
        self.text_size.setKeyboardTracking(False)
        self.text_size.valueChanged.connect(lambda value: self._choose(font_scale=round(value / 100, 2)))
        self.screen_box = self._choice_box("roomScreen", self.tr("Room screen"))
        self.screen_box.currentIndexChanged.connect(
            lambda _index: self._choose(audience_screen=str(self.screen_box.currentData() or ""))
        )
        self.digits = self._choice_box("digits", self.tr("Digits in the room"))
        self.digits.addItem(self.tr("Shown: minutes and seconds"), True)
        self.digits.addItem(self.tr("Hidden: the countdown disc alone"), False)
        self.digits.currentIndexChanged.connect(lambda index: self._choose(show_digits=index == 0))

        # ------------------------------------------------------------- your notes
        self.framework = self._choice_box("defaultReflection", self.tr("Your own reflection starts as"))
        for key in reflection.FRAMEWORK_CHOICES:
            self.framework.addItem(
                QCoreApplication.translate("Records", reflection.FRAMEWORKS[key].name), key
            )
        self.framework.currentIndexChanged.connect(
            lambda index: self._choose(reflection_framework=reflection.FRAMEWORK_CHOICES[index])
        )

        # ------------------------------------------------------------- buttons
        self.reset_button = QPushButton(self.tr("Reset to de&faults…"))
        self.reset_button.setObjectName("resetPreferences")
        self.reset_button.setAccessibleName(self.tr("Reset to defaults"))
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.ask_reset)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        for button in (self.preview, self.hear_bell):
            button.setAutoDefault(False)  # Enter in a field never sounds anything

        # ------------------------------------------------------------- layout
        voice_row = QHBoxLayout()
        voice_row.addWidget(self.voice, 1)
        voice_row.addWidget(self.preview)
        sound = QFormLayout()
        sound.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        sound.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        sound.addRow(self._label(self.tr("&Voice"), self.voice), voice_row)
        sound.addRow(self._label(self.tr("Speaking &rate"), self.rate), self.rate)
        sound.addRow(self._label(self.tr("C&ue volume"), self.voice_volume), voice_volume_row)
        sound.addRow(self._label(self.tr("Be&ll volume"), self.bell_volume), bell_volume_row)
        sound.addRow(self._label(self.tr("&Bells"), self.bells), self.bells)
        sound.addRow(self._label(self.tr("Time &warnings"), self.warnings), self.warnings)
        sound.addRow(
            text_label(
                self.tr(
                    "How a warning before a step's end (“about a minute left”) reaches the room, "
                    "in every session from now. Session ▸ Time warnings still chooses otherwise for "
                    "one sitting."
                ),
                role="muted",
            )
        )
        sound.addRow(self.sample_status)
        room = QFormLayout()
        room.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        room.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        room.addRow(self._label(self.tr("&Theme"), self.theme), self.theme)
        room.addRow(self._label(self.tr("Te&xt size"), self.text_size), self.text_size)
        room.addRow(self._label(self.tr("Room &screen"), self.screen_box), self.screen_box)
        room.addRow(self._label(self.tr("&Digits"), self.digits), self.digits)
        notes = QFormLayout()
        notes.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        notes.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        notes.addRow(self._label(self.tr("Your own r&eflection"), self.framework), self.framework)
        notes.addRow(
            text_label(
                self.tr(
                    "How the debrief's own reflection starts in each new session: in your own words, or "
                    "through the stages of a reflective cycle. You can still change it in any session, and "
                    "what you choose there becomes the start for the next one."
                ),
                role="muted",
            )
        )

        content = QWidget()
        content.setObjectName("preferencesContent")
        column = QVBoxLayout(content)
        column.addWidget(heading(self.tr("Voice, bells and warnings"), "subheading"))
        column.addLayout(sound)
        column.addSpacing(self.fontMetrics().height() // 2)
        column.addWidget(heading(self.tr("Looks and the room view"), "subheading"))
        column.addLayout(room)
        column.addSpacing(self.fontMetrics().height() // 2)
        column.addWidget(heading(self.tr("Your notes"), "subheading"))
        column.addLayout(notes)
        column.addStretch(1)
        self._content = content
        self._buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(content, "preferencesScroll"), 1)
        layout.addWidget(buttons)
        self._layout = layout

        self._fill_screens()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._on_screens)
            app.screenRemoved.connect(self._on_screens)
        self.show_prefs(self.prefs)

    # ----------------------------------------------------------------- building
    def _choice_box(self, name: str, words: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setAccessibleName(words)
        # As narrow as a short choice, wider when there is room: the dialog fits a laptop at every text size.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(12)
        return box

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _volume(self, name: str, words: str, choose: Callable[[float], None]) -> tuple[QSlider, QHBoxLayout]:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setObjectName(name)
        slider.setAccessibleName(words)
        slider.setRange(0, 100)
        slider.setSingleStep(5)
        slider.setPageStep(10)
        slider.setTracking(False)  # a drag is one change, at its release; the keys change it at once
        value = QLabel()
        value.setObjectName(f"{name}Value")
        value.setMinimumWidth(value.fontMetrics().horizontalAdvance("100 %") + 8)

        def show(position: int) -> None:
            value.setText(f"{position} %")
            slider.setAccessibleDescription(f"{position} %")

        self._volume_words[slider] = show
        slider.valueChanged.connect(show)
        slider.sliderMoved.connect(show)
        slider.valueChanged.connect(lambda position: choose(position / 100))
        row = QHBoxLayout()
        row.addWidget(slider, 1)
        row.addWidget(value)
        return slider, row

    # ----------------------------------------------------------------- showing
    def show_prefs(self, prefs: Preferences) -> None:
        """Show ``prefs`` (chosen here or elsewhere) without sending them back as a change."""
        self.prefs = prefs.clamped()
        p = self.prefs
        settings: list[tuple[QWidget, Callable[[], object]]] = [
            (self.voice, lambda: self.voice.set_voice(p.voice)),
            (self.rate, lambda: self.rate.setValue(p.rate)),
            (self.voice_volume, lambda: self.voice_volume.setValue(round(p.voice_volume * 100))),
            (self.bell_volume, lambda: self.bell_volume.setValue(round(p.bell_volume * 100))),
            (self.bells, lambda: self.bells.setCurrentIndex(BELL_CHOICES.index(p.bells))),
            (self.warnings, lambda: self.warnings.setCurrentIndex(WARNING_CHOICES.index(p.warnings))),
            (self.theme, lambda: self.theme.setCurrentIndex(THEME_CHOICES.index(p.theme))),
            (self.text_size, lambda: self.text_size.setValue(round(p.font_scale * 100))),
            (self.screen_box, self._show_screen),
            (self.digits, lambda: self.digits.setCurrentIndex(0 if p.show_digits else 1)),
            (self.framework, lambda: self.framework.setCurrentIndex(self._framework_index(p))),
        ]
        for widget, show in settings:
            was = widget.blockSignals(True)
            show()
            widget.blockSignals(was)
        for slider, show_value in self._volume_words.items():  # set with its signals blocked
            show_value(slider.value())

    @staticmethod
    def _framework_index(prefs: Preferences) -> int:
        return reflection.FRAMEWORK_CHOICES.index(reflection.framework(prefs.reflection_framework).key)

    def screens(self) -> list[QScreen]:
        return list(QGuiApplication.screens())

    def _fill_screens(self) -> None:
        was = self.screen_box.blockSignals(True)
        self.screen_box.clear()
        self.screen_box.addItem(self.tr("Automatic: the second screen when there is one"), "")
        for index, screen in enumerate(self.screens()):
            size = screen.geometry()
            words = (
                self.tr("Screen %1: %2 (%3×%4)")
                .replace("%1", str(index + 1))
                .replace("%2", screen.name() or self.tr("unnamed"))
                .replace("%3", str(size.width()))
                .replace("%4", str(size.height()))
            )
            self.screen_box.addItem(words, screen.name())
        self.screen_box.blockSignals(was)
        self._show_screen()

    def _show_screen(self) -> None:
        chosen = self.prefs.audience_screen
        index = self.screen_box.findData(chosen)
        if index < 0 and chosen:  # a screen not plugged in now: kept, and said so
            self.screen_box.addItem(self.tr("%1 (not connected)").replace("%1", chosen), chosen)
            index = self.screen_box.count() - 1
        was = self.screen_box.blockSignals(True)
        self.screen_box.setCurrentIndex(max(0, index))
        self.screen_box.blockSignals(was)

    def _on_screens(self, _screen: QScreen) -> None:
        self._fill_screens()

    # ----------------------------------------------------------------- intent
    def _choose(self, **change: object) -> None:
        new = replace(self.prefs, **change).clamped()  # type: ignore[arg-type]
        if new == self.prefs:
            return
        self.prefs = new
        self.changed.emit(new)

    def ask_reset(self) -> None:
        """Ask before every preference goes back to its default (never ``exec()``: the answer comes back)."""
        box = QMessageBox(self)
        box.setObjectName("resetPreferencesQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Reset to defaults?"))
        box.setText(
            self.tr(
                "Put every preference back as it was when Mindful Listening was installed: the voice, rate, "
                "volumes, bells, time warnings, theme, text size, room screen and digits, and the one-to-one "
                "timer's choices (settling time, bells, guide, digits)?"
            )
        )
        box.setInformativeText(self.tr("Useful on a shared classroom computer. Notes and records are kept."))
        box.setStandardButtons(QMessageBox.StandardButton.Reset | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._on_reset_answer(box))
        self.reset_question = box
        box.open()

    def _on_reset_answer(self, box: QMessageBox) -> None:
        clicked = box.clickedButton()
        reset = clicked is not None and box.standardButton(clicked) == QMessageBox.StandardButton.Reset
        self.reset_question = None
        box.deleteLater()
        if reset:
            self.resetRequested.emit()

    # ----------------------------------------------------------------- hearing
    def _ensure_sampler(self) -> SpeechService:
        if self.sampler is None:
            sampler = self._make_sampler(self._sounding(), self)
            sampler.engineKnown.connect(self._on_engine)
            sampler.problem.connect(self.sample_status.setText)
            sampler.cueStarted.connect(lambda _ticket, _at: self.sample_status.setText(self.tr("Playing…")))
            sampler.cueFinished.connect(lambda _ticket: self.sample_status.setText(""))
            sampler.cueSilent.connect(lambda _ticket, _why: self._on_silent(sampler))
            self.sampler = sampler
        return self.sampler

    def _on_silent(self, sampler: SpeechService) -> None:
        """Nothing was heard: why, in the words the speech service told it in (each cause is told once)."""
        why = sampler.problems[-1] if sampler.problems else self.tr("Nothing could be heard.")
        self.sample_status.setText(why)

    def _sounding(self) -> Preferences:
        """The preferences as chosen here, with voice and bells on: a preview is for hearing them."""
        return replace(self.prefs, speech_enabled=True, bells="script")

    def _on_engine(self, info: EngineInfo) -> None:
        self.voice.set_voices(info.voices, info.default_voice)

    def hear_sample(self) -> None:
        """Speak a sample cue with the voice, rate and cue volume chosen here (rendered off this thread);
        never over a practice: then it says why it waits."""
        if self._refused():
            return
        sampler = self._ensure_sampler()
        sampler.set_prefs(self._sounding())
        sampler.stop()
        self.sample_status.setText(self.tr("Preparing the sample…"))
        sampler.say(sample_cue(), "none")

    def ring_bell(self) -> None:
        """Ring the bell once at the bell volume chosen here (also when the app's bells are off); never over
        a practice."""
        if self._refused():
            return
        sampler = self._ensure_sampler()
        sampler.set_prefs(self._sounding())
        sampler.stop()
        sampler.say("", "single")

    def _refused(self) -> bool:
        why = self._busy()
        if why:
            self.sample_status.setText(why)
        return bool(why)

    def wanted_size(self) -> QSize:
        """The size that shows everything at this text size, with no scrolling."""
        margins = self._layout.contentsMargins()
        content = self._content.sizeHint()
        scroll_bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent) + 4
        return QSize(
            max(DEFAULT_WIDTH, content.width() + scroll_bar + margins.left() + margins.right()),
            content.height()
            + self._buttons.sizeHint().height()
            + self._layout.spacing()
            + margins.top()
            + margins.bottom(),
        )

    def fit(self) -> None:
        """As big as everything in it asks, at this text size, and never bigger than the screen: beyond that
        the form scrolls up and down (never sideways), and the buttons stay in sight below it."""
        fit_to_screen(self, self.wanted_size())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.isVisible():
            self.fit()  # the text size changed (here or in the menus): the form asks for more room or less

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self.fit()
        self._fill_screens()
        self._ensure_sampler().start_engine()  # the installed voices, listed by the engine

    def hideEvent(self, event: QHideEvent) -> None:
        # Closed by Esc, Close or the window's own button (not minimised): what it started ends with it.
        sampler = self.sampler
        if sampler is not None and not event.spontaneous():
            self.sampler = None
            sampler.shutdown()
            sampler.deleteLater()
        super().hideEvent(event)


def sample_cue() -> str:
    """What Preview says: words like a session's own cues."""
    return QCoreApplication.translate("PreferencesDialog", "Whenever you're ready, you might begin.")
