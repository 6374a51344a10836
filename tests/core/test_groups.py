"""Forming the groups for the people present: pairs and threes that add up, the facilitator joining."""

from __future__ import annotations

import pytest

from mindful_listening.core.groups import MIXED_SCRIPT, Groups, form_groups
from mindful_listening.core.library import builtin_scripts
from mindful_listening.core.script import Mode


@pytest.mark.parametrize(
    ("people", "pairs", "threes", "joins_as"),
    [
        (2, 1, 0, None),
        (6, 3, 0, None),
        (7, 2, 1, (4, 0)),  # two pairs and a three, or four pairs with the facilitator
        (9, 3, 1, (5, 0)),
        (3, 0, 1, (2, 0)),
    ],
)
def test_a_pairs_practice_makes_pairs_and_one_three_for_an_odd_number(
    people: int, pairs: int, threes: int, joins_as: tuple[int, int] | None
) -> None:
    advice = form_groups(people, Mode.PAIRS)
    assert advice.groups == Groups(people, pairs, threes)
    assert 2 * pairs + 3 * threes == people, "nobody left out"
    if joins_as is None:
        assert advice.joining is None, "even: nobody needs to join"
        assert advice.script_id is None
    else:
        assert advice.joining == Groups(people + 1, *joins_as, facilitator_joins=True)
        assert advice.script_id == MIXED_SCRIPT, "a three needs a shape written for it"


@pytest.mark.parametrize(
    ("people", "pairs", "threes", "joining"),
    [
        (9, 0, 3, None),
        (7, 2, 1, None),  # two pairs and a three; joining makes 8, still mixed: not offered
        (8, 1, 2, (0, 3)),  # two threes and a pair, or three threes with the facilitator
        (10, 2, 2, None),
        (5, 1, 1, (0, 2)),
        (4, 2, 0, None),
    ],
)
def test_a_triads_practice_makes_threes_and_pairs_for_the_rest(
    people: int, pairs: int, threes: int, joining: tuple[int, int] | None
) -> None:
    advice = form_groups(people, Mode.TRIADS)
    assert advice.groups == Groups(people, pairs, threes)
    assert 2 * pairs + 3 * threes == people
    expected = None if joining is None else Groups(people + 1, *joining, facilitator_joins=True)
    assert advice.joining == expected
    assert advice.script_id is None, "the triads script says what a pair does"


def test_too_few_and_one_to_one() -> None:
    alone = form_groups(1, Mode.PAIRS)
    assert alone.groups is None
    assert alone.joining == Groups(2, 1, 0, facilitator_joins=True), "the facilitator can be the partner"
    assert form_groups(0, Mode.PAIRS).groups is None
    assert form_groups(1, Mode.TRIADS).joining is None
    assert form_groups(5, Mode.ONE_TO_ONE).groups is None


def test_every_count_up_to_forty_divides_with_nobody_left_out() -> None:
    for mode in (Mode.PAIRS, Mode.TRIADS):
        for people in range(2, 41):
            groups = form_groups(people, mode).groups
            assert groups is not None, (mode, people)
            assert 2 * groups.pairs + 3 * groups.threes == people
            assert groups.threes <= 1 or mode is Mode.TRIADS, "a pairs practice never needs two threes"


def test_the_mixed_shape_is_a_built_in_pairs_script() -> None:
    (mixed,) = [s for s in builtin_scripts() if s.id == MIXED_SCRIPT]
    assert mixed.mode is Mode.PAIRS
