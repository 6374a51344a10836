"""A course: a named series of sessions for one group or one trainee (an eight-week course, a term of
observed practice), with the diary entries written along it. Plain data, Qt-free.

A course holds its sessions by id, each placed in a week if the facilitator says which; diary entries name
their course themselves (``core.diary.DiaryEntry.course_id``). A session belongs to one course at most.
``for_whom`` is a group's name or a trainee's code: never a person's full name.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

MAX_WEEKS = 520  # as a diary entry's week: past this it is a typing slip


def new_course_id() -> str:
    return uuid.uuid4().hex


@dataclass
class CourseSession:
    """One session of a course, and the week it belongs to."""

    session_id: str
    week: int | None = None  # which week of the course (from 1), or None: not placed in a week


@dataclass
class Course:
    """A named series of sessions for one group or one trainee, week by week."""

    id: str
    title: str
    created_at: str  # UTC, ISO 8601
    for_whom: str = ""  # a group's name or a trainee's code
    weeks: int | None = None  # how many weeks it runs, when that is known
    sessions: list[CourseSession] = field(default_factory=list)

    @classmethod
    def begin(cls, title: str, for_whom: str = "", weeks: int | None = None) -> Course:
        return cls(
            id=new_course_id(),
            title=title.strip(),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            for_whom=for_whom.strip(),
            weeks=weeks,
        )

    def session_ids(self) -> list[str]:
        return [s.session_id for s in self.sessions]

    def week_of(self, session_id: str) -> int | None:
        return next((s.week for s in self.sessions if s.session_id == session_id), None)

    def place(self, session_id: str, week: int | None) -> None:
        """Put a session in the course (or move it to another week)."""
        for placed in self.sessions:
            if placed.session_id == session_id:
                placed.week = week
                return
        self.sessions.append(CourseSession(session_id, week))

    def take_out(self, session_id: str) -> bool:
        """Leave a session out of the course (it stays in the history). True if it was in it."""
        before = len(self.sessions)
        self.sessions = [s for s in self.sessions if s.session_id != session_id]
        return len(self.sessions) != before

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Course:
        values = dict(data)
        values["sessions"] = [CourseSession(**s) for s in values.get("sessions", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})
