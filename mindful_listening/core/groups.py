"""How to form the groups for a count of people: plain Python, no Qt.

A pairs practice wants an even number and a triads practice a multiple of three; a real room has what it has.
``form_groups`` says how to divide the people present for the shape the script was written for (pairs plus
one three, threes plus a pair or two), whether the facilitator joining would make it even, and which built-in
shape suits a mixed room.
"""

from __future__ import annotations

from dataclasses import dataclass

from mindful_listening.core.script import Mode

MIXED_SCRIPT = "twos-and-threes"  # the built-in that runs pairs and one three on one clock


@dataclass(frozen=True)
class Groups:
    """One way to divide ``people``: so many pairs and threes (people = 2 × pairs + 3 × threes)."""

    people: int
    pairs: int
    threes: int
    facilitator_joins: bool = False  # the facilitator makes up the numbers (and still keeps the time)

    @property
    def mixed(self) -> bool:
        return self.pairs > 0 and self.threes > 0


@dataclass(frozen=True)
class Advice:
    """The way to divide the room for a shape, another if the facilitator joins, and the script to use."""

    groups: Groups | None  # None: too few people for this practice
    joining: Groups | None  # the same shape made whole by the facilitator joining, if that helps
    script_id: str | None  # a built-in suited to a mixed room, when the groups are mixed


def _divide(people: int, prefer_threes: bool) -> Groups | None:
    """Pairs and threes adding up to ``people``: as many of the preferred size as leave a whole remainder."""
    if people < 2:
        return None
    if prefer_threes:
        for threes in range(people // 3, -1, -1):
            rest = people - 3 * threes
            if rest % 2 == 0:
                return Groups(people, rest // 2, threes)
        return None
    pairs, odd = divmod(people, 2)
    return Groups(people, pairs - 1, 1) if odd else Groups(people, pairs, 0)


def form_groups(people: int, mode: Mode) -> Advice:
    """How to form the groups for ``people`` present (the facilitator not counted) in a ``mode`` practice."""
    if mode is Mode.ONE_TO_ONE or people < 0:
        return Advice(None, None, None)
    triads = mode is Mode.TRIADS
    if people < 2:
        # One person: the facilitator can be their partner in a pairs practice.
        joining = Groups(people + 1, 1, 0, facilitator_joins=True) if people == 1 and not triads else None
        return Advice(None, joining, None)
    groups = _divide(people, triads)
    # Whole: every group the shape the script was written for (all threes may also be all pairs in a
    # triads practice, which then runs without an observer).
    whole = groups is not None and not groups.mixed and (groups.threes == 0 or triads)
    joining = None
    if not whole:
        candidate = _divide(people + 1, triads)
        if candidate is not None and not candidate.mixed and (candidate.threes == 0 or triads):
            joining = Groups(people + 1, candidate.pairs, candidate.threes, facilitator_joins=True)
    # A three in a pairs practice needs a shape written for it; the triads script says what a pair does.
    script_id = MIXED_SCRIPT if groups is not None and groups.threes and not triads else None
    return Advice(groups, joining, script_id)
