"""The reflective frameworks a facilitator (or trainee) may reflect through after a session: Gibbs, Kolb, or
their own words in one free box.

Plain data, Qt-free. Each stage has a short prompt written for this app: an invitation, never a test. The
record keeps what was written at each stage (``core.record.StageNote``) beside the free box's text, so moving
between frameworks loses nothing. The words are marked for translation here and translated where they are
shown (context ``Records``, as the exports').
"""

from __future__ import annotations

from dataclasses import dataclass

FREE = "free"
GIBBS = "gibbs"
KOLB = "kolb"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark a constant for translation (lupdate reads it); the caller translates it where it is shown."""
    del context
    return text


@dataclass(frozen=True)
class Stage:
    """One stage of a reflective cycle and the question it invites."""

    key: str
    title: str
    prompt: str


@dataclass(frozen=True)
class Framework:
    """A way to reflect: the free box, or a cycle of stages (Gibbs, Kolb)."""

    key: str
    name: str  # as a menu offers it
    heading: str  # as an export heads it
    about: str  # one line under the choice
    stages: tuple[Stage, ...] = ()

    def stage(self, key: str) -> Stage | None:
        return next((s for s in self.stages if s.key == key), None)


FRAMEWORKS: dict[str, Framework] = {
    FREE: Framework(
        FREE,
        QT_TRANSLATE_NOOP("Records", "In your own words"),
        QT_TRANSLATE_NOOP("Records", "The facilitator's reflection"),
        QT_TRANSLATE_NOOP("Records", "One open space, as you like to write."),
    ),
    GIBBS: Framework(
        GIBBS,
        QT_TRANSLATE_NOOP("Records", "Gibbs' reflective cycle (six stages)"),
        QT_TRANSLATE_NOOP("Records", "The facilitator's reflection, through Gibbs' reflective cycle"),
        QT_TRANSLATE_NOOP(
            "Records",
            "Six stages, from what happened to what you might try. Write as much or as little as helps.",
        ),
        (
            Stage(
                "description",
                QT_TRANSLATE_NOOP("Records", "Description"),
                QT_TRANSLATE_NOOP(
                    "Records", "What happened? Sketch the session as it unfolded, as plainly as you can."
                ),
            ),
            Stage(
                "feelings",
                QT_TRANSLATE_NOOP("Records", "Feelings"),
                QT_TRANSLATE_NOOP(
                    "Records",
                    "What were you feeling and thinking, before, during and after? All of it is welcome.",
                ),
            ),
            Stage(
                "evaluation",
                QT_TRANSLATE_NOOP("Records", "Evaluation"),
                QT_TRANSLATE_NOOP(
                    "Records", "What seemed to help, and what felt harder? Both are worth noticing."
                ),
            ),
            Stage(
                "analysis",
                QT_TRANSLATE_NOOP("Records", "Analysis"),
                QT_TRANSLATE_NOOP(
                    "Records",
                    "What might have been going on? You could draw on the practice, the group, your training "
                    "or yourself.",
                ),
            ),
            Stage(
                "conclusion",
                QT_TRANSLATE_NOOP("Records", "Conclusion"),
                QT_TRANSLATE_NOOP(
                    "Records", "What are you taking from this? Was there anything else you might have done?"
                ),
            ),
            Stage(
                "action-plan",
                QT_TRANSLATE_NOOP("Records", "Action plan"),
                QT_TRANSLATE_NOOP(
                    "Records",
                    "If something like this comes up again, what would you like to try, and what might "
                    "support you?",
                ),
            ),
        ),
    ),
    KOLB: Framework(
        KOLB,
        QT_TRANSLATE_NOOP("Records", "Kolb's learning cycle (four stages)"),
        QT_TRANSLATE_NOOP("Records", "The facilitator's reflection, through Kolb's learning cycle"),
        QT_TRANSLATE_NOOP(
            "Records", "Four stages, from the experience itself to a gentle experiment for next time."
        ),
        (
            Stage(
                "concrete-experience",
                QT_TRANSLATE_NOOP("Records", "Concrete experience"),
                QT_TRANSLATE_NOOP(
                    "Records",
                    "What did you do, and what did you meet, in this session? Stay close to what happened.",
                ),
            ),
            Stage(
                "reflective-observation",
                QT_TRANSLATE_NOOP("Records", "Reflective observation"),
                QT_TRANSLATE_NOOP(
                    "Records",
                    "Looking back now, what do you notice? What stands out, for you and for the group?",
                ),
            ),
            Stage(
                "abstract-conceptualisation",
                QT_TRANSLATE_NOOP("Records", "Abstract conceptualisation"),
                QT_TRANSLATE_NOOP(
                    "Records",
                    "What sense do you make of it? Does it connect with ideas, your training or earlier "
                    "experience?",
                ),
            ),
            Stage(
                "active-experimentation",
                QT_TRANSLATE_NOOP("Records", "Active experimentation"),
                QT_TRANSLATE_NOOP(
                    "Records",
                    "What would you like to try next time, held as an experiment rather than a rule?",
                ),
            ),
        ),
    ),
}
FRAMEWORK_CHOICES: tuple[str, ...] = tuple(FRAMEWORKS)
STRUCTURED: tuple[str, ...] = (GIBBS, KOLB)


def framework(key: str) -> Framework:
    """The framework ``key`` names; an unknown key (a hand-edited setting) is the free box."""
    return FRAMEWORKS.get(key, FRAMEWORKS[FREE])
