"""The practice diary: dated entries between sessions, each answering a few questions the writer chose.

Plain data, Qt-free. The app ships a few seed questions in its own words; a new entry starts with the
questions of the latest entry (so questions edited once stay edited), or the seeds when there is none. An
entry may name the session it follows and a course and its week. Nothing here counts or judges: there are no
streaks, no totals, no reminders. Entries are private notes like session notes: nothing here logs them.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark a constant for translation (lupdate reads it); it is translated where it is shown."""
    del context
    return text


SEED_QUESTIONS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Records", "How has practice found its way into these days, in whatever form it took?"),
    QT_TRANSLATE_NOOP(
        "Records",
        "Were there moments when you listened fully, or met someone (yourself too) with kindness? "
        "What was happening?",
    ),
    QT_TRANSLATE_NOOP(
        "Records", "When listening was hard, what did you notice: in the body, in thoughts, in urges?"
    ),
    QT_TRANSLATE_NOOP(
        "Records", "Is there anything you would like to bring to the next session or to supervision?"
    ),
)
MAX_QUESTIONS = 12
MAX_WEEK = 520  # ten years of weeks: a week number past this is a typing slip


def new_entry_id() -> str:
    return uuid.uuid4().hex


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Answer:
    """One question of an entry and what was written to it ("" when left for now)."""

    question: str
    text: str = ""


@dataclass
class DiaryEntry:
    """One entry of the practice diary: the day it is about and the answers written."""

    id: str
    written_on: str  # the day the entry is about, YYYY-MM-DD (the writer's own calendar day)
    created_at: str  # UTC, ISO 8601
    answers: list[Answer] = field(default_factory=list)
    session_id: str = ""  # the session this entry follows, if the writer linked one
    course_id: str = ""  # the course it belongs to, if any
    course_week: int | None = None  # which week of that course (from 1)

    @classmethod
    def begin(cls, on: date, questions: list[str] | tuple[str, ...] = SEED_QUESTIONS) -> DiaryEntry:
        """A new, empty entry for the day ``on`` with ``questions`` (the seeds by default)."""
        return cls(
            id=new_entry_id(),
            written_on=on.isoformat(),
            created_at=utc_now_iso(),
            answers=[Answer(q) for q in questions if q.strip()],
        )

    @property
    def day(self) -> date:
        return date.fromisoformat(self.written_on)

    def has_text(self) -> bool:
        return any(a.text.strip() for a in self.answers)

    def questions(self) -> list[str]:
        return [a.question for a in self.answers]

    def texts(self) -> list[str]:
        """Everything written in the entry (questions included: the writer may have made them their own)."""
        return [text for a in self.answers for text in (a.question, a.text) if text.strip()]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DiaryEntry:
        values = dict(data)
        values["answers"] = [Answer(**a) for a in values.get("answers", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})


def questions_for_new_entry(latest: DiaryEntry | None) -> list[str]:
    """The questions a new entry starts with: the latest entry's (as the writer left them), else the seeds."""
    if latest is not None and latest.questions():
        return latest.questions()
    return list(SEED_QUESTIONS)
