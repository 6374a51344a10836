"""The tutor's assessment mode in the facilitator's window: its panel is made when it is first needed.

The first screen shows no assessment, so neither the panel nor what it loads (the criteria sets and their
models, the report's PDF machinery) is made at start-up (issue 16; measured: ~65 ms of imports and ~60 ms
to build the panel). :class:`AssessmentMode` stands in for the panel where the session expects an
assessment (:class:`~mindful_listening.session.AssessmentSource`) and makes it the first time assessment
mode is switched on, a kept assessment is taken up, or something asks for the panel itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt

from mindful_listening.core.flow import Stage
from mindful_listening.timers import TimerFactory

if TYPE_CHECKING:
    from mindful_listening.controller import SessionController
    from mindful_listening.ui.assessment_panel import AssessmentPanel
    from mindful_listening.ui.window import MainWindow


class AssessmentMode(QObject):
    """The window's assessment panel, made on first use, and what the Assessment mode and O keys do."""

    def __init__(self, w: MainWindow, timer_factory: TimerFactory) -> None:
        super().__init__(w)
        self._w = w
        self._timer_factory = timer_factory
        self._panel: AssessmentPanel | None = None
        self._controller: SessionController | None = None

    @property
    def built(self) -> AssessmentPanel | None:
        """The panel if it has been made (nothing is made by asking)."""
        return self._panel

    @property
    def panel(self) -> AssessmentPanel:
        """The panel, made now if it does not exist yet (beside the stages, hidden until the mode is on)."""
        if self._panel is None:
            from mindful_listening.ui.assessment_panel import AssessmentPanel

            w = self._w
            panel = AssessmentPanel(clock=w.clock, timer_factory=self._timer_factory, shortcut=False)
            panel.record_source = w.session.record_for_report
            panel.hide()
            w.presenter_split.addWidget(panel)
            w.presenter_split.setStretchFactor(1, 2)
            panel.changed.connect(w.session.assessment_changed)
            panel.started.connect(self._on_started)
            self._panel = panel
            if self._controller is not None:
                panel.attach(self._controller)
            if w.stage is not Stage.LIBRARY:
                panel.set_stage(w.stage.value)
        return self._panel

    def visible(self) -> bool:
        return self._panel is not None and self._panel.isVisible()

    # ------------------------------------------------------------ what the session asks (AssessmentSource)
    def flush(self) -> None:
        if self._panel is not None:
            self._panel.flush()

    def assessment_dict(self) -> dict[str, Any] | None:
        return self._panel.assessment_dict() if self._panel is not None else None

    def attach(self, controller: SessionController) -> None:
        self._controller = controller
        if self._panel is not None:
            self._panel.attach(controller)

    def load(self, data: dict[str, Any] | None) -> None:
        if data is not None or self._panel is not None:
            self.panel.load(data)  # a kept assessment taken up: the panel is made to show it

    # ------------------------------------------------------------ what the window tells it
    def set_stage(self, stage: Stage) -> None:
        if self._panel is not None and stage is not Stage.LIBRARY:
            self._panel.set_stage(stage.value)

    def toggled(self) -> None:
        """Assessment mode switched on or off (the Tools menu's check)."""
        w = self._w
        on = w.actions_by_name["assessment"].isChecked()
        if not on and self._panel is None:
            w.update_actions()
            return
        panel = self.panel
        panel.setVisible(on)
        if on and panel.width() < panel.minimumSizeHint().width():
            width = max(1, w.presenter_split.width())
            w.presenter_split.setSizes([width * 3 // 5, width * 2 // 5])
        if on and panel.assessment is None:
            panel.code_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not on:
            w.focus_for_stage()
        w.update_actions()

    def observe(self) -> None:
        """The O key (assessment mode only): pin this moment for an observation."""
        if not self.visible():
            return
        panel = self.panel
        if panel.assessment is None:
            self._w.statusBar().showMessage(
                self.tr("Fill in the trainee's code and start the assessment, then press O."), 6000
            )
            return
        panel.begin_observation()

    def _on_started(self) -> None:
        self._w.session.assessment_changed()
        self._w.focus_for_stage()
