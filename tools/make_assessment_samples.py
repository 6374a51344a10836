"""Regenerate the assessment samples: the sample PDF report (alone, and with the trainee's progress pages),
screenshots of the assessment panel and of the trainee's progress window.

    python tools/make_assessment_samples.py            # writes into docs/samples and docs/screenshots
    python tools/make_assessment_samples.py --out DIR  # writes into DIR/samples and DIR/screenshots

Runs offscreen (no display needed). The session is synthetic and driven by a manual clock, so the content is
the same every time (the PDF's creation date aside).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPORT_NAME = "observed-practice-assessment.pdf"
PANEL_NAME = "assessment-panel.png"
SUMMARY_NAME = "assessment-panel-summary.png"
PROGRESS_REPORT_NAME = "observed-practice-assessment-with-progress.pdf"
PROGRESS_NAME = "trainee-progress.png"
PROGRESS_LEVELS_NAME = "trainee-progress-levels.png"


def make_samples(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from mindful_listening.assessment.report import render_report
    from mindful_listening.assessment.sample import build_sample_record, sample_script
    from mindful_listening.controller import SessionController
    from mindful_listening.core.assessment import Emphasis
    from mindful_listening.core.clock import ManualClock
    from mindful_listening.core.timeline import compile_script
    from mindful_listening.speech.api import FakeSpeaker
    from mindful_listening.ui.assessment_panel import AssessmentPanel

    app = QApplication.instance() or QApplication(["make_assessment_samples"])
    samples = out / "samples"
    screenshots = out / "screenshots"
    samples.mkdir(parents=True, exist_ok=True)
    screenshots.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    report = samples / REPORT_NAME
    pages = render_report(build_sample_record(), report)
    report.chmod(0o644)  # a synthetic sample, meant to be read: not the owner-only mode real reports get
    written.append(report)
    print(f"wrote {report} ({pages} pages)")

    # The panel mid-session: a few notes logged, one being typed.
    clock = ManualClock()
    controller = SessionController(compile_script(sample_script()), FakeSpeaker(), clock=clock)
    panel = AssessmentPanel(clock=clock, shortcut=False)
    panel.attach(controller)
    panel.begin("observed-mindful-listening", "T-07", "A. Tutor", "2026-11-20", "Level 4 certificate, year 1")

    def note(criterion: str, emphasis: Emphasis, text: str) -> None:
        panel.set_criterion(criterion)
        panel.set_emphasis(emphasis)
        panel.note_edit.setText(text)
        panel.log_observation()

    clock.advance(20_000)
    note("purpose", Emphasis.STRENGTH, "Said in one sentence what the practice is for.")
    clock.advance(75_000)
    controller.start()
    clock.advance(45_000)
    controller.poll()
    note("invitational-language", Emphasis.STRENGTH, "'If you'd like, let your eyes rest': gives choice.")
    clock.advance(65_000)
    controller.poll()
    note("check-in-and-adapt", Emphasis.DEVELOPMENT, "Paused the whole room for one latecomer.")
    clock.advance(100_000)
    controller.poll()
    panel.set_criterion("modelling")
    panel.set_emphasis(Emphasis.STRENGTH)
    panel.begin_observation()
    panel.note_edit.setText("Sits still and unhurried while pairs speak")
    panel.resize(440, 600)
    panel.show()
    app.processEvents()
    shot = screenshots / PANEL_NAME
    panel.grab().save(str(shot))
    written.append(shot)
    print(f"wrote {shot}")

    panel.cancel_observation()
    panel.rate("purpose", "Secure", "Clear and brief, before any instruction.")
    panel.rate(
        "invitational-language", "Strong", "Consistently invitational; permission to pass given twice."
    )
    panel.rate("check-in-and-adapt", "Developing", "Handle a late arrival with the pair, not the room.")
    panel.strengths_edit.setPlainText("Invitational language throughout; a clear purpose.")
    panel.developments_edit.setPlainText("Keep late arrivals from interrupting the whole room.")
    panel.tabs.setCurrentIndex(1)
    panel.resize(440, 860)
    app.processEvents()
    shot = screenshots / SUMMARY_NAME
    panel.grab().save(str(shot))
    written.append(shot)
    print(f"wrote {shot}")

    panel.close()
    panel.deleteLater()
    controller.shutdown()
    controller.deleteLater()
    app.processEvents()
    written.extend(_progress_samples(samples, screenshots))
    return written


def _progress_samples(samples: Path, screenshots: Path) -> list[Path]:
    """The report with T-07's progress pages, and the progress window on T-07 (a synthetic records folder)."""
    import tempfile

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from mindful_listening.assessment.report import progress_for, render_report
    from mindful_listening.assessment.sample import build_progress_records, build_sample_record
    from mindful_listening.core.progress import AssessedSession
    from mindful_listening.storage.store import RecordStore
    from mindful_listening.ui.progress import ProgressWindow

    written: list[Path] = []
    records = build_progress_records()
    stored = [AssessedSession(r.id, r.started_at, r.assessment or {}) for r in records]
    report = samples / PROGRESS_REPORT_NAME
    record = build_sample_record()
    pages = render_report(record, report, progress_for(record, stored))
    report.chmod(0o644)
    written.append(report)
    print(f"wrote {report} ({pages} pages)")

    with tempfile.TemporaryDirectory() as folder:
        store = RecordStore.open(Path(folder))
        for kept in records:
            store.save(kept)
        store.close()
        window = ProgressWindow(Path(folder))
        window.resize(980, 760)
        window.show()
        loop = QEventLoop()
        window.loaded.connect(loop.quit)
        window.failed.connect(loop.quit)
        window.show_trainee("T-07")
        loop.exec()
        app = QApplication.instance()
        assert app is not None
        app.processEvents()
        for index, name in ((0, PROGRESS_NAME), (1, PROGRESS_LEVELS_NAME)):
            window.set_combo.setCurrentIndex(index)
            window.chart.select(1, len(window.current_set().occasions) - 1)  # type: ignore[union-attr]
            app.processEvents()
            shot = screenshots / name
            window.grab().save(str(shot))
            written.append(shot)
            print(f"wrote {shot}")
        window.close()
        window.deleteLater()
        app.processEvents()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "docs", help="folder to write into (default: docs/)"
    )
    args = parser.parse_args(argv)
    make_samples(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
