"""Realistic, synthetic observed sessions: for the sample report, the panel screenshot and the tests.

:func:`build_sample_record` is a group session in pairs; :func:`build_paced_record` a one-to-one session where
time was added on purpose and open-ended steps were held at the client's pace. Everything is invented (trainee
"T-07", a made-up assessor); the clock is a :class:`ManualClock`, so each session is the same every time.
Qt-free.
"""

from __future__ import annotations

from mindful_listening.core.assessment import Assessment, Emphasis, Moment, Stage
from mindful_listening.core.clock import ManualClock
from mindful_listening.core.criteria import CriteriaSet, find_criteria
from mindful_listening.core.loading import parse_script
from mindful_listening.core.record import SessionRecord
from mindful_listening.core.runner import SessionRunner
from mindful_listening.core.script import Script
from mindful_listening.core.timeline import compile_script

SCRIPT_TOML = b"""
id = "observed-pairs"
title = "Listening in pairs, with inquiry"
mode = "group-pairs"
purpose = "A practice in giving and receiving full, kind attention, then exploring together what we noticed."
ethical_reminders = ["Anyone may pass at any point."]

[[steps]]
kind = "settle"
title = "Arriving"
duration = "1m"
bell = "single"

[[steps]]
kind = "turn"
title = "A speaks, B listens"
round = 1
duration = "3m"
landing = "15s"
roles = { speaker = "A", listener = "B" }

[[steps]]
kind = "pause"
title = "Silent pause"
round = 1
duration = "30s"

[[steps]]
kind = "swap"
title = "Swap roles"
round = 1
duration = "10s"

[[steps]]
kind = "turn"
title = "B speaks, A listens"
round = 1
duration = "3m"
landing = "15s"
roles = { speaker = "B", listener = "A" }

[[steps]]
kind = "closing"
title = "Closing"
duration = "45s"
bell = "double"

[[steps]]
kind = "inquiry"
title = "Inquiry in pairs"
duration = "4m"

[debrief]
planned = "5m"
"""

SESSION_ID = "5a3c0de0b1e5400c8f3f1d2a9e7b6c01"


def sample_script() -> Script:
    return parse_script(SCRIPT_TOML, "sample script")


def start_sample_assessment(criteria: CriteriaSet | None = None) -> Assessment:
    return Assessment.start(
        criteria or find_criteria("observed-mindful-listening"),
        trainee_code="T-07",
        assessor="A. Tutor",
        date="2026-11-20",
        course="Level 4 certificate, year 1",
    )


def build_sample_record() -> SessionRecord:
    """Run the sample session on a manual clock, with observations, ratings and a summary."""
    script = sample_script()
    timeline = compile_script(script)
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    assessment = start_sample_assessment()
    assessment.set_stage_duration(Stage.PURPOSE, 95_000)

    def note(criterion: str, emphasis: Emphasis, text: str) -> None:
        assessment.log(Moment.from_snapshot(runner.snapshot()), criterion, emphasis, text)

    # Purpose stage (before the runner starts): the window times it; two notes made while it ran.
    assessment.log(
        Moment(Stage.PURPOSE, stage_ms=20_000),
        "purpose",
        Emphasis.STRENGTH,
        "Said in one sentence what the practice is for and what each partner will do.",
    )
    assessment.log(
        Moment(Stage.PURPOSE, stage_ms=70_000),
        "ethics-and-safety",
        Emphasis.STRENGTH,
        "Made it clear anyone may pass or simply sit quietly.",
    )

    runner.start()
    clock.advance(45_000)
    runner.poll()
    note(
        "invitational-language",
        Emphasis.STRENGTH,
        "'If you'd like, let your eyes rest' - invitational, gives choice.",
    )
    clock.advance(15_000)  # into A speaks
    runner.poll()
    clock.advance(50_000)
    runner.poll()
    note(
        "check-in-and-adapt",
        Emphasis.DEVELOPMENT,
        "A latecomer arrived; paused for the whole room instead of one pair.",
    )
    runner.pause()
    clock.advance(40_000)
    runner.resume()
    clock.advance(60_000)
    runner.poll()
    note(
        "modelling",
        Emphasis.STRENGTH,
        "Sat still and unhurried while the pairs spoke; did not fill the silence.",
    )
    clock.advance(85_000)  # the turn and its landing end; the silent pause begins
    runner.poll()
    clock.advance(10_000)
    runner.poll()
    note(
        "structure-and-time", Emphasis.DEVELOPMENT, "Cut the silent pause short: people were still settling."
    )
    runner.skip()  # to "Swap roles"
    clock.advance(4_000)
    runner.poll()
    runner.skip()  # straight into B speaks
    clock.advance(150_000)
    runner.poll()
    runner.extend(30_000)
    note(
        "structure-and-time",
        Emphasis.STRENGTH,
        "Added 30 s when one pair was mid-sentence, and said so calmly.",
    )
    clock.advance(75_000)  # B speaks ends (with its landing and the extra time)
    runner.poll()
    clock.advance(45_000)  # closing
    runner.poll()
    clock.advance(30_000)
    runner.poll()
    note("reflective-inquiry", Emphasis.STRENGTH, "Opened with 'What did you notice?' and waited.")
    clock.advance(80_000)
    runner.poll()
    note(
        "reflective-inquiry", Emphasis.DEVELOPMENT, "Moved to linking before the noticing layer was explored."
    )
    clock.advance(60_000)
    runner.finish()  # inquiry steps ended early; the group moved to the plenary debrief
    assessment.set_stage_duration(Stage.DEBRIEF, 240_000)
    assessment.log(
        Moment(Stage.DEBRIEF, session_ms=runner.snapshot().session_elapsed_ms, stage_ms=150_000),
        "check-in-and-adapt",
        Emphasis.STRENGTH,
        "Noticed a quiet participant and offered, without pressure, a chance to speak.",
    )

    ratings = {
        "purpose": ("Secure", "Clear and brief; the purpose was stated before any instruction."),
        "invitational-language": ("Strong", "Consistently invitational; permission to pass was given twice."),
        "modelling": ("Secure", "A calm, attentive presence throughout the turns."),
        "structure-and-time": (
            "Developing",
            "The silent pause and the swap were rushed; the extension was handled well.",
        ),
        "reflective-inquiry": (
            "Developing",
            "Good opening question; stay longer with what people noticed before linking to daily life.",
        ),
        "check-in-and-adapt": ("Secure", "Responsive to the group, once the late arrival had been handled."),
        "ethics-and-safety": ("Secure", "Consent and confidentiality were named at the start."),
    }
    for criterion, (level, comment) in ratings.items():
        assessment.rate(criterion, level, comment)
    assessment.set_summary(
        strengths="A warm, unhurried presence and consistently invitational language. The purpose was clear.",
        developments="Protect the silent pause and the swap; in inquiry, explore the noticing layer first.",
        summary=(
            "A well-held first observed practice at a secure level overall. The main development is pacing "
            "the transitions and giving the noticing layer of inquiry more room before linking."
        ),
    )

    record = SessionRecord.begin(script, timeline.total_ms)
    record.id = SESSION_ID
    record.started_at = "2026-11-20T10:05:00+00:00"
    record.ended_at = "2026-11-20T10:26:00+00:00"
    record.participants = ["T-07"]
    record.absorb(runner.log)
    record.assessment = assessment.to_dict()
    return record


PACED_SCRIPT_TOML = b"""
id = "paced-one-to-one"
title = "RAIN, one to one, at the client's pace"
mode = "one-to-one"
purpose = "A short RAIN practice, taken at your own pace: you may open your eyes, pause or stop at any time."

[[steps]]
kind = "settle"
title = "Settling"
duration = "1m"

[[steps]]
kind = "exercise"
title = "Recognise"
duration = "90s"

[[steps]]
kind = "exercise"
title = "Investigate with kindness"
duration = "2m"
open_ended = true

[[steps]]
kind = "exercise"
title = "Nurture"
duration = "2m"
open_ended = true

[[steps]]
kind = "closing"
title = "Returning"
duration = "1m"

[debrief]
planned = "10m"
"""


def paced_script() -> Script:
    return parse_script(PACED_SCRIPT_TOML, "paced sample script")


def build_paced_record() -> SessionRecord:
    """A one-to-one session on a manual clock: a minute added on purpose to Recognise (at 2:00, 10 s of it
    used), Investigate held 1 min 10 s and Nurture 45 s past their two-minute guides, then a 12-minute
    debrief against the 10 planned."""
    script = paced_script()
    timeline = compile_script(script)
    clock = ManualClock()
    runner = SessionRunner(timeline, clock)
    assessment = start_sample_assessment()
    assessment.set_stage_duration(Stage.PURPOSE, 60_000)
    runner.start()
    clock.advance(60_000)  # Settling runs its minute
    runner.poll()
    clock.advance(60_000)
    runner.extend(60_000)  # at 2:00, a minute more for Recognise
    assessment.log(
        Moment.from_snapshot(runner.snapshot()),
        "check-in-and-adapt",
        Emphasis.STRENGTH,
        "Offered more time when the client was still finding the feeling.",
    )
    clock.advance(40_000)
    runner.skip()  # 1 min 40 s in: moved on once the client had named it
    clock.advance(190_000)  # Investigate: its 2 min guide and 1 min 10 s more
    runner.skip()
    clock.advance(165_000)  # Nurture: its 2 min guide and 45 s more
    runner.skip()
    clock.advance(60_000)  # Returning runs its minute; the practice ends
    runner.poll()
    assessment.set_stage_duration(Stage.DEBRIEF, 720_000)
    assessment.log(
        Moment(Stage.DEBRIEF, session_ms=runner.snapshot().session_elapsed_ms, stage_ms=60_000),
        "reflective-inquiry",
        Emphasis.STRENGTH,
        "Began the inquiry with what the client noticed in the body.",
    )
    record = SessionRecord.begin(script, timeline.total_ms, source="one-to-one")
    record.id = "0d1e2c3b4a5948e7b6a5c4d3e2f10987"
    record.started_at = "2026-11-21T14:00:00+00:00"
    record.ended_at = "2026-11-21T14:24:00+00:00"
    record.participants = ["C-3"]
    record.absorb(runner.log)
    record.assessment = assessment.to_dict()
    return record


# ------------------------------------------------------------------------------------------------ progress
# A trainee's path across a course, for the progress chart, the report's progress page and their tests:
# T-07 observed twice before the sample session above (same set), and twice against MBI:TAC in whole
# sessions. Invented, like everything here.
_OBSERVED_EARLIER: tuple[tuple[str, str, dict[str, str], list[tuple[str, Emphasis, int, str]]], ...] = (
    (
        "0b7e0c1a9d2f4c6e8a1b3d5f7e9c0a11",
        "2026-09-25",
        {
            "purpose": "Developing",
            "invitational-language": "Developing",
            "modelling": "Secure",
            "structure-and-time": "Not yet shown",
            "reflective-inquiry": "Developing",
            "check-in-and-adapt": "Developing",
            "ethics-and-safety": "Secure",
        },
        [
            ("purpose", Emphasis.DEVELOPMENT, 30_000, "Began the practice before saying what it was for."),
            ("invitational-language", Emphasis.DEVELOPMENT, 80_000, "Several instructions given as orders."),
            ("modelling", Emphasis.STRENGTH, 200_000, "Listened without nodding along or filling gaps."),
            ("structure-and-time", Emphasis.DEVELOPMENT, 260_000, "The swap came a minute late."),
            ("structure-and-time", Emphasis.DEVELOPMENT, 420_000, "No time was left for the closing."),
        ],
    ),
    (
        "3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e22",
        "2026-10-23",
        {
            "purpose": "Secure",
            "invitational-language": "Secure",
            "modelling": "Secure",
            "structure-and-time": "Developing",
            "reflective-inquiry": "Developing",
            "check-in-and-adapt": "Secure",
            "ethics-and-safety": "Secure",
        },
        [
            ("purpose", Emphasis.STRENGTH, 20_000, "Said what the practice is for, in plain words."),
            ("invitational-language", Emphasis.STRENGTH, 90_000, "'You might like to…' throughout."),
            ("structure-and-time", Emphasis.DEVELOPMENT, 300_000, "The silent pause was cut short."),
            ("reflective-inquiry", Emphasis.DEVELOPMENT, 560_000, "Moved to everyday life very quickly."),
            ("check-in-and-adapt", Emphasis.STRENGTH, 610_000, "Checked in with a pair who had stopped."),
        ],
    ),
)

_MBI_TAC: tuple[tuple[str, str, dict[str, tuple[str, str]]], ...] = (
    (
        "5e7a9c1b3d5f7a9c1e3b5d7f9a1c3e33",
        "2026-10-09",
        {
            "coverage-pacing-organisation": ("Beginner", "Ran out of time for the home practice review."),
            "relational-skills": ("Advanced beginner", "Warm and interested; sometimes talked over people."),
            "embodiment-of-mindfulness": ("Advanced beginner", "Steady in the practices, hurried between."),
            "guiding-mindfulness-practices": ("Advanced beginner", "Clear guidance, little space left."),
            "inquiry-and-didactic-teaching": ("Beginner", "Inquiry stayed with one or two voices."),
            "holding-the-group": ("Advanced beginner", "A safe space, agreed at the start."),
        },
    ),
    (
        "7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e44",
        "2026-12-04",
        {
            "coverage-pacing-organisation": ("Advanced beginner", "Kept to time, with a rushed ending."),
            "relational-skills": ("Competent", "Met each person with interest and patience."),
            "embodiment-of-mindfulness": ("Competent", "Unhurried presence, in the practices and between."),
            "guiding-mindfulness-practices": ("Competent", "Spacious guidance with clear choices."),
            "inquiry-and-didactic-teaching": ("Advanced beginner", "Better spread; links came too soon."),
            "holding-the-group": ("Competent", "Worked with a difficult moment calmly."),
        },
    ),
)


def _course_record(session_id: str, day: str, assessment: Assessment) -> SessionRecord:
    record = SessionRecord.from_dict(build_sample_record().to_dict())
    record.id = session_id
    record.started_at = f"{day}T10:05:00+00:00"
    record.ended_at = f"{day}T10:26:00+00:00"
    record.assessment = assessment.to_dict()
    return record


def build_progress_records() -> list[SessionRecord]:
    """T-07's assessed sessions across a course, oldest first: the sample session is the third of the
    observed-practice set; two whole-session observations against MBI:TAC come between and after."""
    records: list[SessionRecord] = []
    observed = find_criteria("observed-mindful-listening")
    for session_id, day, levels, notes in _OBSERVED_EARLIER:
        assessment = Assessment.start(observed, "T-07", "A. Tutor", day, "Level 4 certificate, year 1")
        for criterion, level in levels.items():
            assessment.rate(criterion, level)
        for criterion, emphasis, at_ms, text in notes:
            assessment.log(
                Moment(Stage.PRACTICE, session_ms=at_ms, stage_ms=at_ms), criterion, emphasis, text
            )
        records.append(_course_record(session_id, day, assessment))
    mbi_tac = find_criteria("mbi-tac")
    for session_id, day, ratings in _MBI_TAC:
        assessment = Assessment.start(mbi_tac, "T-07", "B. Tutor", day, "Level 4 certificate, year 1")
        for criterion, (level, comment) in ratings.items():
            assessment.rate(criterion, level, comment)
        records.append(_course_record(session_id, day, assessment))
    records.append(build_sample_record())
    return sorted(records, key=lambda r: r.started_at)
