"""Preferences changed while the speech service runs: volumes reach the sound player, bells and speech switch
from the next cue, and a new voice or rate renders every prepared cue again under its own cache key."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.preferences import Preferences
from mindful_listening.speech.renderer import EngineInfo, cache_dir, cache_key
from mindful_listening.speech.service import SpeechService, perceived_to_linear
from mindful_listening.speech.wavinfo import wav_stats

TEXTS = ("Thirty seconds remaining.", "Let's begin whenever you're ready.")


@pytest.fixture
def make_service(qtbot: QtBot) -> Iterator[Callable[[Preferences], SpeechService]]:
    made: list[SpeechService] = []

    def make(prefs: Preferences) -> SpeechService:
        service = SpeechService(prefs)
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()
        service.deleteLater()


def test_a_quieter_bell_reaches_the_sound_player_before_the_next_cue_rings(
    qtbot: QtBot, make_service: Callable[[Preferences], SpeechService], sound_server: object
) -> None:
    del sound_server
    prefs = Preferences(voice_volume=0.9, bell_volume=0.8)
    service = make_service(prefs)
    with qtbot.wait_signal(service.cueStarted, timeout=15_000):
        service.say("", "single")
    player = service.output.player_volumes
    assert player["bell"] == pytest.approx(perceived_to_linear(0.8)), "the player started at the saved volume"

    service.set_prefs(replace(prefs, bell_volume=0.2))
    with qtbot.wait_signal(service.cueStarted, timeout=15_000):
        service.say("", "single")
    # The player says what it plays at before it reports the sound began: this bell rang at the new volume.
    assert player["bell"] == pytest.approx(perceived_to_linear(0.2))
    assert player["bell"] < perceived_to_linear(0.8) / 2
    assert player["voice"] == pytest.approx(perceived_to_linear(0.9)), "the cue volume is left as it was"
    assert service.output.volume("bell") == pytest.approx(perceived_to_linear(0.2)), "and kept for a restart"


def test_bells_switched_off_ring_no_more_from_the_next_cue(
    qtbot: QtBot, make_service: Callable[[Preferences], SpeechService]
) -> None:
    service = make_service(Preferences(speech_enabled=False))
    service.set_prefs(Preferences(speech_enabled=False, bells="none"))
    with qtbot.wait_signal(service.cueSilent, timeout=5_000) as silent:
        service.say("", "single")
    assert silent.args[1] == "bells-off"


def test_a_new_rate_renders_the_prepared_cues_again_under_their_new_key_and_keeps_the_old(
    qtbot: QtBot,
    make_service: Callable[[Preferences], SpeechService],
    fake_engine: Callable[[str], dict[str, str]],
) -> None:
    fake_engine("tone")
    service = make_service(Preferences(rate=150))
    with qtbot.wait_signal(service.ready, timeout=15_000):
        service.prepare([(text, "none") for text in TEXTS])
    before = {text: service.path_for(text) for text in TEXTS}
    assert all(path is not None for path in before.values())

    service.set_prefs(Preferences(rate=200))

    def rendered_anew(text: str) -> bool:
        return service.path_for(text) not in (None, before[text])

    for text in TEXTS:
        qtbot.wait_until(functools.partial(rendered_anew, text), timeout=10_000)
        path = service.path_for(text)
        assert path is not None
        assert path.name == f"{cache_key(text, '', 200)}.wav"
        old = before[text]
        assert old is not None
        assert old.exists(), "the rendering at the old rate stays in the cache, for a change back"

    service.set_prefs(Preferences(rate=150))  # back again: served from the cache, nothing rendered
    assert {text: service.path_for(text) for text in TEXTS} == before


def test_the_engine_lists_its_voices_before_any_cue_is_rendered(
    qtbot: QtBot,
    make_service: Callable[[Preferences], SpeechService],
    fake_engine: Callable[[str], dict[str, str]],
) -> None:
    fake_engine("tone")
    service = make_service(Preferences())
    with qtbot.wait_signal(service.engineKnown, timeout=15_000) as known:
        service.start_engine()
    info = known.args[0]
    assert isinstance(info, EngineInfo)
    assert [voice["id"] for voice in info.voices] == ["fake/en"]
    assert info.default_voice == "fake/en"
    assert not list(cache_dir().glob("*.wav")), "nothing was rendered"
    with qtbot.wait_signal(service.engineKnown, timeout=5_000):
        service.start_engine()  # asked again: told again, from what is known


@pytest.mark.speech
def test_a_changed_rate_renders_a_differently_sized_cue_even_while_the_old_one_renders(
    qtbot: QtBot, make_service: Callable[[Preferences], SpeechService], espeak: None
) -> None:
    text = "You might notice the sounds around you, near and far."
    service = make_service(Preferences(rate=120))
    with qtbot.wait_signal(service.engineKnown, timeout=15_000):
        service.start_engine()
    service.prepare([(text, "none")])  # the worker starts on it at once, at 120 words a minute ...
    service.set_prefs(Preferences(rate=280))  # ... and the facilitator asks for 280 before it is back
    qtbot.wait_until(lambda: service.path_for(text) is not None, timeout=20_000)
    fast = service.path_for(text)
    assert fast is not None
    assert fast.name == f"{cache_key(text, '', 280)}.wav", "the cue is the rendering at the new rate"
    slow = cache_dir() / f"{cache_key(text, '', 120)}.wav"
    qtbot.wait_until(slow.exists, timeout=20_000)  # the rendering begun at 120 is kept under its own key
    fast_s, slow_s = wav_stats(fast).seconds, wav_stats(slow).seconds
    assert fast_s < 0.75 * slow_s, (fast_s, slow_s)
    assert wav_stats(fast).rms > 0.01
