"""Finding sessions: full-text search over notes, filters by script and date, pages of the history."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.store import (
    Query,
    RecordStore,
    SessionSummary,
    match_expression,
    words_in_context,
)

RecordFactory = Callable[..., SessionRecord]


@pytest.fixture
def store(data_dir: Path, make_record: RecordFactory) -> Iterator[RecordStore]:
    with RecordStore.open(data_dir) as opened:
        opened.save(
            make_record(
                ["The café felt noisy, then surprisingly calm."],
                session_id="cafe",
                started_at="2026-03-01T10:00:00+00:00",
                participants=("K7", "M2"),
            )
        )
        opened.save(
            make_record(
                script="triads-observer",
                session_id="triad",
                started_at="2026-03-05T10:00:00+00:00",
                reflection="I rushed the swap; next time breathe before speaking.",
            )
        )
        opened.save(
            make_record(
                ["Restless hands while listening."],
                session_id="hands",
                started_at="2026-03-09T10:00:00+00:00",
                free_notes="Two pairs asked for longer turns.",
            )
        )
        yield opened


def ids(rows: list[SessionSummary]) -> list[str]:
    return [row.id for row in rows]


def test_words_are_found_in_notes_reflection_and_free_notes(store: RecordStore) -> None:
    assert ids(store.sessions(Query(text="noisy"))) == ["cafe"]
    assert ids(store.sessions(Query(text="breathe"))) == ["triad"]
    assert ids(store.sessions(Query(text="longer turns"))) == ["hands"]


def test_search_as_you_type_accents_and_case(store: RecordStore) -> None:
    assert ids(store.sessions(Query(text="surpris"))) == ["cafe"]
    assert ids(store.sessions(Query(text="CAFE"))) == ["cafe"]


def test_participant_codes_and_script_titles_are_found(store: RecordStore) -> None:
    assert ids(store.sessions(Query(text="k7"))) == ["cafe"]
    assert ids(store.sessions(Query(text="threes observer"))) == ["triad"]
    assert ids(store.sessions(Query(text="triads"))) == ["triad"]  # the script's id


def test_every_word_must_match(store: RecordStore) -> None:
    assert ids(store.sessions(Query(text="restless hands"))) == ["hands"]
    assert store.sessions(Query(text="restless café")) == []


@pytest.mark.parametrize("typed", ['"', "*", "AND", "NEAR(", "a:b", "-x", "^", "'); DROP TABLE sessions; --"])
def test_anything_typed_is_safe(store: RecordStore, typed: str) -> None:
    store.sessions(Query(text=typed))
    store.count(Query(text=typed))
    assert store.count() == 3


def test_only_words_reach_the_search_engine() -> None:
    assert match_expression("  ") is None
    assert match_expression('calm "quiet') == '"calm"* "quiet"*'


def test_results_show_the_words_in_context(store: RecordStore) -> None:
    [row] = store.sessions(Query(text="noisy"))
    assert row.participants == ("K7", "M2")
    assert row.has_notes
    snippets = store.snippets("noisy", [row])
    assert "[noisy]" in snippets["cafe"]
    assert store.snippets("", [row]) == {}


def test_filters_by_script_and_date(store: RecordStore) -> None:
    assert ids(store.sessions(Query(script_id="triads-observer"))) == ["triad"]
    assert ids(store.sessions(Query(since="2026-03-02T00:00:00+00:00"))) == ["hands", "triad"]
    assert ids(store.sessions(Query(until="2026-03-05T10:00:00+00:00"))) == ["cafe"]
    assert ids(store.sessions(Query(text="calm", script_id="classic-pairs"))) == ["cafe"]
    assert store.count(Query(script_id="classic-pairs")) == 2
    assert store.count(Query(text="calm", since="2026-03-02T00:00:00Z")) == 0


def test_the_script_filter_lists_scripts_with_sessions(store: RecordStore) -> None:
    assert [sid for sid, _ in store.scripts()] == ["classic-pairs", "triads-observer"]


def test_pages_cover_every_session_once_in_order(data_dir: Path, make_record: RecordFactory) -> None:
    base = make_record(["page test"])
    with RecordStore.open(data_dir) as store:
        for n in range(45):
            base.id = f"s{n:03d}"
            base.started_at = f"2026-04-{1 + n % 28:02d}T{n % 24:02d}:00:00+00:00"  # some share a day
            store.save(base)
        seen: list[str] = []
        query = Query(limit=10)
        while True:
            page = store.sessions(query)
            if not page:
                break
            seen.extend(ids(page))
            query = Query(limit=10, after=page[-1].cursor)
        assert len(seen) == len(set(seen)) == 45
        starts = [store.get(sid).started_at for sid in seen]
        assert starts == sorted(starts, reverse=True)


def test_words_in_context_are_short_and_marked() -> None:
    text = "one two three four five six seven eight nine ten Restless start, then calm " + "more " * 30
    extract = words_in_context(text, ["restless"])
    assert extract.startswith("…")
    assert extract.endswith("…")
    assert "[Restless] start, then calm" in extract
    assert len(extract) < 140
    assert words_in_context("The café felt noisy.", ["cafe"]) == "The [café] felt noisy."
    assert words_in_context("nothing here", ["zz"]) == ""


def _words_in_context_word_by_word(text: str, prefixes: list[str], before: int = 3, after: int = 16) -> str:
    """The plain definition: every word folded and compared. The store's faster path must agree with it."""

    def fold(word: str) -> str:
        decomposed = unicodedata.normalize("NFKD", word.casefold())
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    tokens = re.findall(r"\w+|[^\w\s]+", text)
    hits = [i for i, token in enumerate(tokens) if any(fold(token).startswith(p) for p in prefixes)]
    if not hits:
        return ""
    start, end = max(0, hits[0] - before), min(len(tokens), hits[0] + after + 1)
    out = ""
    for i in range(start, end):
        piece = f"[{tokens[i]}]" if i in hits else tokens[i]
        bare = piece.strip("[]")
        out += ("" if not out or (not bare[:1].isalnum() and bare[:1] not in "([") else " ") + piece
    return ("…" if start else "") + out + ("…" if end < len(tokens) else "")


def test_words_in_context_agree_with_folding_every_word() -> None:
    rng = random.Random(16)
    vocabulary = [
        "breath",
        "Breathing",
        "quiet",
        "QUIETLY",
        "café",
        "Cafe",
        "naïve",
        "ﬁne",
        "fine",
        "—",
        "...",
        "don't",
        "(silence)",
        "silently",
        "über",
        "STRASSE",
        "straße",
        "\n",
        "unbreathing",
        "K",
    ]
    for _ in range(600):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 60)))
        for prefixes in (["breath"], ["qu"], ["cafe"], ["fine", "sil"], ["strasse"], ["k"], ["zz"]):
            assert words_in_context(text, prefixes) == _words_in_context_word_by_word(text, prefixes), (
                text,
                prefixes,
            )
