"""Regenerate the sample course portfolio: an eight-week course's export, as a trainee would hand it in.

    python tools/make_portfolio_sample.py            # writes docs/samples/course-portfolio.pdf
    python tools/make_portfolio_sample.py --out DIR  # writes DIR/course-portfolio.pdf

Runs offscreen (no display needed). Everything in it is made up: three sessions run on a manual clock (with
debrief notes, and reflections through Gibbs, Kolb and in free words), diary entries along the weeks, kept in
a records folder of the run's own that is removed afterwards. The content is the same every time (the PDF's
creation date aside).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NAME = "course-portfolio.pdf"

SESSIONS = (
    # script, started, week, notes, framework, stages or free words
    (
        "classic-pairs",
        "2026-03-03T18:30:00+00:00",
        2,
        ["Warmth in the chest while being listened to; one felt exposed at first.", "Two minutes felt long."],
        "gibbs",
        {
            "description": "Three pairs; the swap came on time and two people chose to pass in the round.",
            "feelings": "Nervous at the start, then steadier once the first turn began.",
            "evaluation": "The silence after the bell helped; my invitation to the inquiry felt hurried.",
            "analysis": "I think I filled the pause because I worried the group was bored.",
            "conclusion": "The group was not bored: they were settling. The pause was doing its work.",
            "action-plan": "Count three breaths before inviting the inquiry; ask my supervisor about pacing.",
        },
    ),
    (
        "speak-reflect-respond",
        "2026-03-24T18:30:00+00:00",
        5,
        ["Reflecting back felt slow, then easier.", "Listeners noticed the urge to fix."],
        "kolb",
        {
            "concrete-experience": "I guided speak, reflect back, respond for four pairs, the reply shorter.",
            "reflective-observation": "The reflecting-back turn was where people slowed down and looked up.",
            "abstract-conceptualisation": "Being heard back seems to matter more than a turn's length.",
            "active-experimentation": "Next time, invite the listener to reflect one feeling, not all.",
        },
    ),
    (
        "triads-observer",
        "2026-04-07T18:30:00+00:00",
        6,
        ["Observers noticed the pauses, and the nods.", "The observer role was new for most."],
        "free",
        "Week 6 is the listening practice itself. I stayed with the room's pace and let the last round run "
        "long on purpose; it felt right.",
    ),
)
DIARY = (
    (
        "2026-03-05",
        2,
        ["Twice, on the bus: a few breaths each time.", "With my sister on Sunday: I let her finish."],
    ),
    ("2026-03-12", 3, ["Most mornings, five minutes.", "", "My jaw tightened when a colleague disagreed."]),
    (
        "2026-03-26",
        5,
        ["An evening sit with the group's recording.", "A client paused; I waited, and she went on."],
    ),
    ("2026-04-09", 6, ["", "", "", "How I hold the pace when a round runs long, for supervision."]),
)


def _session(script_id: str, started: str, notes: list[str]) -> object:
    from mindful_listening.core.clock import ManualClock
    from mindful_listening.core.library import find_script
    from mindful_listening.core.record import Note, SessionRecord
    from mindful_listening.core.runner import SessionRunner
    from mindful_listening.core.timeline import compile_script

    script = find_script(script_id)
    timeline = compile_script(script)
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    record = SessionRecord.begin(script, timeline.total_ms)
    record.id = f"sample-{script_id}"
    record.started_at = started
    record.participants = ["P1", "P2", "P3", "P4", "P5", "P6"]
    runner.start()
    clock.advance(timeline.total_ms)
    runner.poll()
    runner.finish()
    record.absorb(runner.log)
    record.ended_at = started.replace("T18:30", "T19:15")
    prompts = script.debrief.prompts
    record.notes = [
        Note(prompts[i].text, text, prompts[i].layer.value, prompts[i].role) for i, text in enumerate(notes)
    ]
    return record


def make_sample(out: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from mindful_listening.core.course import Course
    from mindful_listening.core.diary import DiaryEntry
    from mindful_listening.core.record import SessionRecord
    from mindful_listening.storage import course as course_io
    from mindful_listening.storage.store import RecordStore

    app = QGuiApplication.instance() or QGuiApplication(["make_portfolio_sample"])
    out.mkdir(parents=True, exist_ok=True)
    course = Course.begin("Level 4: working therapeutically with mindfulness, spring", "T-07", 8)
    course.id = "sample-course"
    course.created_at = "2026-02-24T18:00:00+00:00"
    with (
        tempfile.TemporaryDirectory(prefix="ml-portfolio-") as folder,
        RecordStore.open(Path(folder)) as store,
    ):
        for script_id, started, week, notes, framework, reflection in SESSIONS:
            record = _session(script_id, started, notes)
            assert isinstance(record, SessionRecord)
            record.reflection_framework = framework
            if isinstance(reflection, dict):
                for stage, text in reflection.items():
                    record.set_stage_text(framework, stage, text)
            else:
                record.reflection = reflection
            store.save(record)
            course.place(record.id, week)
        store.save_course(course)
        for number, (day, week, texts) in enumerate(DIARY):
            entry = DiaryEntry.begin(date.fromisoformat(day))
            entry.id = f"sample-entry-{number}"
            entry.created_at = f"{day}T20:00:00+00:00"
            for answer, text in zip(entry.answers, texts, strict=False):
                answer.text = text
            entry.course_id, entry.course_week = course.id, week
            store.save_entry(entry)
        found = store.course_contents(course.id)
    path = out / NAME
    pages = course_io.write(found, path, "pdf")
    path.chmod(0o644)  # a made-up sample, meant to be read: not the owner-only mode real exports get
    print(f"wrote {path} ({pages} pages)")
    del app
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=REPO / "docs" / "samples", help="the folder to write into"
    )
    args = parser.parse_args(argv)
    make_sample(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
