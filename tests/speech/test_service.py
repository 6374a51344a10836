"""The speech service: rendering in a child process, caching, playing, cutting, and every way it can fail."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtMultimedia import QAudioSink, QMediaPlayer
from pytestqt.qtbot import QtBot

from mindful_listening.controller import SessionController
from mindful_listening.core.clock import ScaledClock
from mindful_listening.core.loading import parse_script
from mindful_listening.core.timeline import compile_script
from mindful_listening.preferences import Preferences
from mindful_listening.speech.api import Bell
from mindful_listening.speech.renderer import cache_dir
from mindful_listening.speech.service import (
    CaptionOnlySpeaker,
    SpeechService,
    make_speaker,
    problem_message,
)
from mindful_listening.speech.wavinfo import wav_stats

CUES: Sequence[tuple[str, Bell]] = [
    ("Thirty seconds remaining.", "none"),
    ("Let's begin whenever you're ready.", "single"),
    ("", "double"),
    ("Thirty seconds remaining.", "none"),  # repeated text: rendered once
]


class Outcomes:
    """Collects what happened to each cue ticket."""

    def __init__(self, service: SpeechService | CaptionOnlySpeaker) -> None:
        self.started: dict[int, float] = {}
        self.voiced: dict[int, float] = {}
        self.silent: dict[int, str] = {}
        self.finished: list[int] = []
        self.problems: list[str] = []
        self.progress: list[tuple[int, int]] = []
        service.cueStarted.connect(lambda t, at: self.started.__setitem__(t, at))
        service.cueVoiced.connect(lambda t, at: self.voiced.__setitem__(t, at))
        service.cueSilent.connect(lambda t, why: self.silent.__setitem__(t, why))
        service.cueFinished.connect(self.finished.append)
        service.problem.connect(self.problems.append)
        service.progress.connect(lambda d, n: self.progress.append((d, n)))

    def settled(self, ticket: int) -> bool:
        return ticket in self.started or ticket in self.silent

    def engine_problems(self) -> list[str]:
        return [p for p in self.problems if p.startswith("Spoken cues are off")]


@pytest.fixture
def make_service(qtbot: QtBot) -> Iterator[Callable[..., SpeechService]]:
    made: list[SpeechService] = []

    def make(prefs: Preferences | None = None, **kwargs: object) -> SpeechService:
        service = SpeechService(prefs or Preferences(), **kwargs)  # type: ignore[arg-type]
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()
        service.deleteLater()


@pytest.mark.speech
def test_prepare_renders_every_cue_once_with_progress_then_serves_from_the_cache(
    qtbot: QtBot, make_service: Callable[..., SpeechService], espeak: None
) -> None:
    service = make_service()
    seen = Outcomes(service)
    with qtbot.wait_signal(service.ready, timeout=15_000):
        service.prepare(CUES)
    assert seen.progress[0] == (0, 2)
    assert seen.progress[-1] == (2, 2)
    assert not seen.engine_problems()
    for text in ("Thirty seconds remaining.", "Let's begin whenever you're ready."):
        path = service.path_for(text)
        assert path is not None
        assert path.parent == cache_dir()
        stats = wav_stats(path)
        assert stats.rate == 22_050
        assert stats.channels == 1
        assert 0.6 < stats.seconds < 4.0, stats
        assert stats.rms > 0.01, stats
    assert not list(cache_dir().glob("*.tmp")), "partial renders are never left behind"

    again = make_service()
    seen_again = Outcomes(again)
    with qtbot.wait_signal(again.ready, timeout=5_000):
        again.prepare(CUES)
    assert seen_again.progress == [(2, 2)]
    assert again.renderer_pid == 0, "everything came from the cache: no worker was started"


@pytest.mark.speech
def test_a_faster_rate_renders_a_shorter_cue_and_the_rate_is_part_of_the_cache_key(
    qtbot: QtBot, make_service: Callable[..., SpeechService], espeak: None
) -> None:
    text = "You might notice the sounds around you, near and far."
    slow = make_service(Preferences(rate=120))
    fast = make_service(Preferences(rate=260))
    for service in (slow, fast):
        with qtbot.wait_signal(service.ready, timeout=15_000):
            service.prepare([(text, "none")])
    slow_path, fast_path = slow.path_for(text), fast.path_for(text)
    assert slow_path is not None
    assert fast_path is not None
    assert slow_path != fast_path
    assert wav_stats(fast_path).seconds < 0.75 * wav_stats(slow_path).seconds


CUT_MS = 500  # "at once" for a cut cue, with room for a slow CI machine; a cue that goes on runs seconds


def stopped(service: SpeechService) -> bool:
    return not service.output.is_playing


def test_a_cue_plays_bell_then_voice_and_pause_cuts_it_at_once(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_engine: Callable[[str], object]
) -> None:
    fake_engine("tone")
    service = make_service()
    seen = Outcomes(service)
    long_text = "A long cue that keeps going for a good while so that there is time to cut it short."
    with qtbot.wait_signal(service.ready, timeout=15_000):
        service.prepare([(long_text, "single")])
    service.say(long_text, "single")
    ticket = service.last_ticket
    qtbot.wait_until(lambda: ticket in seen.started, timeout=5_000)
    assert service.output.channel_playing("bell")
    qtbot.wait_until(lambda: ticket in seen.voiced, timeout=5_000)
    assert service.output.channel_playing("voice")
    assert service.is_sounding
    service.stop()
    assert not service.is_sounding
    assert seen.finished == [ticket]
    qtbot.wait_until(lambda: stopped(service), timeout=CUT_MS)
    with qtbot.assert_not_emitted(service.cueStarted, wait=300):
        pass


def started_session(
    qtbot: QtBot, make_service: Callable[..., SpeechService], text: str
) -> tuple[SpeechService, Outcomes, SessionController]:
    """A one-step session whose only cue (``text``, no bell) is due at the start, prepared and started."""
    script = parse_script(
        (
            'id = "one"\ntitle = "One"\nmode = "group-pairs"\npurpose = "To test."\n[[steps]]\n'
            'kind = "settle"\ntitle = "Arriving"\nduration = "20s"\n[[steps.cues]]\nat = "start"\n'
            f'text = "{text}"\n'
        ).encode()
    )
    service = make_service(Preferences(bells="none"))
    seen = Outcomes(service)
    controller = SessionController(compile_script(script), service, clock=ScaledClock(1))
    with qtbot.wait_signal(service.ready, timeout=15_000):
        controller.prepare_speech()
    controller.start()
    return service, seen, controller


def test_the_controller_pausing_cuts_the_cue_that_is_sounding(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_engine: Callable[[str], object]
) -> None:
    fake_engine("tone")
    service, seen, controller = started_session(
        qtbot,
        make_service,
        "Let's take a long, unhurried moment to arrive, and notice the breath as it comes and goes.",
    )
    qtbot.wait_until(lambda: bool(seen.started), timeout=5_000)
    assert service.is_sounding
    controller.pause()
    assert not service.is_sounding
    qtbot.wait_until(lambda: stopped(service), timeout=CUT_MS)
    controller.shutdown()


def test_bells_none_never_rings_and_the_voice_starts_without_waiting_for_a_bell(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_engine: Callable[[str], object]
) -> None:
    fake_engine("tone")
    service = make_service(Preferences(bells="none"))
    seen = Outcomes(service)
    with qtbot.wait_signal(service.ready, timeout=15_000):
        service.prepare([("Swap roles, if you're willing.", "double")])
    service.say("", "single")
    bell_only = service.last_ticket
    service.say("Swap roles, if you're willing.", "double")
    spoken = service.last_ticket
    qtbot.wait_until(lambda: seen.settled(bell_only) and seen.settled(spoken), timeout=5_000)
    assert seen.silent[bell_only] == "bells-off"
    assert spoken in seen.started
    assert not service.output.channel_playing("bell")
    assert service._current is not None
    assert service._current.phase == "voice"


def test_a_warning_given_by_bell_rings_the_soft_bell_and_says_nothing(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_engine: Callable[[str], object]
) -> None:
    fake_engine("tone")
    service = make_service()
    seen = Outcomes(service)
    service.say("", "soft")
    ticket = service.last_ticket
    qtbot.wait_until(lambda: ticket in seen.started, timeout=5_000)
    assert service.output.channel_playing("bell"), "the soft bell sounds"
    assert not service.output.channel_playing("voice")
    qtbot.wait_until(lambda: ticket in seen.finished, timeout=8_000)
    assert ticket not in seen.voiced, "a bell in place of words"


def test_cues_arriving_together_are_voiced_in_turn_not_cut(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_engine: Callable[[str], object]
) -> None:
    fake_engine("tone")
    service = make_service(Preferences(bells="none"))
    seen = Outcomes(service)
    with qtbot.wait_signal(service.ready, timeout=15_000):
        service.prepare([("Let your last words land.", "none"), ("Now swap.", "none")])
    service.say("Let your last words land.", "none")
    first = service.last_ticket
    service.say("Now swap.", "none")
    second = service.last_ticket
    qtbot.wait_until(lambda: second in seen.started, timeout=5_000)
    assert first in seen.finished, "the first cue ended before the second began"
    assert seen.started[second] > seen.started[first]


def test_two_hundred_cues_in_a_row_each_settle_once_without_a_crash(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_engine: Callable[[str], object]
) -> None:
    fake_engine("tone")
    texts = [f"Cue number {n}." for n in range(10)]
    service = make_service()
    seen = Outcomes(service)
    with qtbot.wait_signal(service.ready, timeout=15_000):
        service.prepare([(t, "none") for t in texts])
    tickets = []
    for n in range(200):
        service.say(texts[n % 10], "single" if n % 7 == 0 else "none")
        tickets.append(service.last_ticket)
        if n % 3 == 0:
            ticket = tickets[-1]
            qtbot.wait_until(lambda t=ticket: seen.settled(t), timeout=5_000)  # type: ignore[misc]
        service.stop()
    qtbot.wait_until(lambda: all(seen.settled(t) for t in tickets), timeout=10_000)
    assert len(seen.started) + len(seen.silent) == 200
    assert len(seen.started) >= 60, "every cue that was waited for did start"
    assert set(seen.silent.values()) <= {"stopped"}
    assert not service.is_sounding
    assert not seen.engine_problems()


def test_an_engine_that_is_not_installed_is_told_once_and_cues_stay_captions(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_engine: Callable[[str], object]
) -> None:
    fake_engine("missing")
    service = make_service(Preferences(bells="none"))
    seen = Outcomes(service)
    with qtbot.wait_signal(service.ready, timeout=15_000):
        service.prepare(CUES)
    assert seen.progress[-1] == (2, 2)
    assert seen.engine_problems() == [
        "Spoken cues are off: espeak-ng is not installed. Install it with: sudo apt-get install espeak-ng "
        "(then restart Mindful Listening). Cues will still appear as captions."
    ]
    for text, _ in CUES:
        service.say(text, "none")
    qtbot.wait_until(lambda: len(seen.silent) == len(CUES), timeout=5_000)
    service.prepare(CUES)
    qtbot.wait(50)
    assert len(seen.engine_problems()) == 1, "told once, not on every cue or every prepare"
    assert not seen.started


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("exit-at-start", "the speech engine could not start"),
        ("hang-at-start", "the speech engine stopped responding"),
    ],
)
def test_an_engine_that_dies_or_hangs_while_starting_is_stopped_and_told(
    qtbot: QtBot,
    make_service: Callable[..., SpeechService],
    fake_engine: Callable[[str], object],
    alive: Callable[[int], bool],
    mode: str,
    expected: str,
) -> None:
    fake_engine(mode)
    service = make_service(start_timeout_ms=1_500)
    seen = Outcomes(service)
    service.prepare(CUES)
    qtbot.wait_until(lambda: service._client is not None and service._client.pid > 0, timeout=5_000)
    assert service._client is not None
    pid = service._client.pid
    with qtbot.wait_signal(service.ready, timeout=10_000):
        pass
    assert len(seen.engine_problems()) == 1
    assert expected in seen.engine_problems()[0]
    assert not alive(pid), "the worker was killed and reaped"


def test_a_render_that_hangs_is_killed_by_the_timeout_and_the_session_goes_on(
    qtbot: QtBot,
    make_service: Callable[..., SpeechService],
    fake_engine: Callable[[str], object],
    alive: Callable[[int], bool],
) -> None:
    fake_engine("hang-on-render")
    service = make_service(render_timeout_ms=700)
    seen = Outcomes(service)
    service.prepare(CUES)
    qtbot.wait_until(lambda: service.engine_info is not None, timeout=10_000)
    assert service._client is not None
    pid = service._client.pid
    with qtbot.wait_signal(service.ready, timeout=5_000):
        pass
    assert not alive(pid)
    assert "stopped responding" in seen.engine_problems()[0]
    service.say("Let's begin whenever you're ready.", "single")
    ticket = service.last_ticket
    qtbot.wait_until(lambda: seen.settled(ticket), timeout=5_000)
    assert ticket in seen.started, "the bell still rings"


def test_a_worker_that_crashes_mid_session_is_restarted_once_and_only_that_cue_is_lost(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_engine: Callable[[str], object]
) -> None:
    fake_engine("crash-on-word")
    service = make_service()
    seen = Outcomes(service)
    cues: list[tuple[str, Bell]] = [
        ("Before.", "none"),
        ("This one will CRASH the engine.", "none"),
        ("After.", "none"),
    ]
    with qtbot.wait_signal(service.ready, timeout=15_000):
        service.prepare(cues)
    assert service.path_for("Before.") is not None
    assert service.path_for("After.") is not None, "the restarted worker rendered the rest"
    assert service.path_for("This one will CRASH the engine.") is None
    assert not seen.engine_problems(), "one crash is recovered silently"


def test_a_renderer_program_that_cannot_start_is_told_plainly(
    qtbot: QtBot, make_service: Callable[..., SpeechService], tmp_path: Path
) -> None:
    service = make_service(renderer_command=[str(tmp_path / "no-such-program")])
    seen = Outcomes(service)
    with qtbot.wait_signal(service.ready, timeout=10_000):
        service.prepare(CUES)
    assert len(seen.engine_problems()) == 1
    assert "could not be started" in seen.engine_problems()[0]


def test_a_renderer_that_writes_nonsense_is_treated_as_unavailable(
    qtbot: QtBot, make_service: Callable[..., SpeechService]
) -> None:
    command = [sys.executable, "-c", "import sys; print('hello?'); sys.stdin.read()"]
    service = make_service(renderer_command=command, start_timeout_ms=800)
    seen = Outcomes(service)
    with qtbot.wait_signal(service.ready, timeout=10_000):
        service.prepare(CUES)
    assert "stopped responding" in seen.engine_problems()[0]


def test_sound_plays_in_one_long_lived_player_process_and_no_audio_object_lives_in_the_app(
    qtbot: QtBot,
    make_service: Callable[..., SpeechService],
    fake_engine: Callable[[str], object],
    sound_server: object,
) -> None:
    # The cause of the teardown crash (decision 0009): Qt Multimedia's threads logging through PySide's Python
    # message handler while it was being swapped. Here no player, sink or audio thread exists at all.
    fake_engine("tone")
    service = make_service()
    seen = Outcomes(service)
    cues: list[tuple[str, Bell]] = [("One.", "single"), ("Two.", "none")]
    with qtbot.wait_signal(service.ready, timeout=15_000):
        service.prepare(cues)
    worker = service.output.worker_pid
    assert worker > 0, "the player was started, and its output running, before ready"
    for text, bell in cues:
        service.say(text, bell)
        ticket = service.last_ticket
        qtbot.wait_until(lambda t=ticket: t in seen.finished, timeout=10_000)  # type: ignore[misc]
    assert service.output.worker_pid == worker, "the same player all along"
    assert not service.findChildren(QMediaPlayer)
    assert not service.findChildren(QAudioSink)
    assert set(seen.voiced) == {1, 2}


def test_a_service_deleted_straight_after_its_cue_ends_leaves_the_media_threads_safe(
    qtbot: QtBot, fake_engine: Callable[[str], object]
) -> None:
    # The pattern that crashed CI (in test_voice_check.py, about once in 30 runs) before the players were made
    # by Qt: the owner deleted from Python while FFmpeg's thread still tore the stopped sound down. A smoke
    # test; the deterministic guard is the createdByPython test above.
    fake_engine("tone")

    def play_once_then_delete() -> int:
        owner = QObject()
        service = SpeechService(Preferences(bells="none"), owner)
        seen = Outcomes(service)
        with qtbot.wait_signal(service.ready, timeout=15_000):
            service.prepare([("Short.", "none")])
        service.say("Short.", "none")
        ticket = service.last_ticket
        qtbot.wait_until(lambda: ticket in seen.finished, timeout=10_000)
        service.shutdown()
        return ticket  # owner, and with it the players, are deleted here, synchronously, just stopped

    assert [play_once_then_delete() for _ in range(5)] == [1, 1, 1, 1, 1]


def test_a_cached_cue_whose_file_vanished_is_rendered_again_and_voiced(
    qtbot: QtBot, make_service: Callable[..., SpeechService], fake_engine: Callable[[str], object]
) -> None:
    fake_engine("tone")
    service = make_service(Preferences(bells="none"))
    seen = Outcomes(service)
    with qtbot.wait_signal(service.ready, timeout=15_000):
        service.prepare([("Gone and back.", "none")])
    path = service.path_for("Gone and back.")
    assert path is not None
    path.unlink()  # another instance pruned it, or the cache was cleared by hand
    service.say("Gone and back.", "none")
    ticket = service.last_ticket
    qtbot.wait_until(lambda: seen.settled(ticket), timeout=10_000)
    assert ticket in seen.started
    assert path.exists()


def test_speech_switched_off_still_rings_bells_and_starts_no_worker(
    qtbot: QtBot, make_service: Callable[..., SpeechService]
) -> None:
    service = make_service(Preferences(speech_enabled=False))
    seen = Outcomes(service)
    with qtbot.wait_signal(service.ready, timeout=5_000):
        service.prepare(CUES)
    service.say("Thirty seconds remaining.", "none")
    quiet = service.last_ticket
    service.say("Let's begin whenever you're ready.", "single")
    bell = service.last_ticket
    qtbot.wait_until(lambda: seen.settled(quiet) and seen.settled(bell), timeout=5_000)
    assert seen.silent[quiet] == "speech-off"
    assert bell in seen.started
    assert service.renderer_pid == 0


def test_make_speaker_gives_the_service_starting_nothing_when_nothing_is_to_sound(qtbot: QtBot) -> None:
    # The service, not a caption-only speaker: bells or speech turned on later in the Preferences sound from
    # the next cue without a restart (tests/ui/test_preferences_dialog.py rings one).
    speaker = make_speaker(Preferences(speech_enabled=False, bells="none"))
    assert isinstance(speaker, SpeechService)
    seen = Outcomes(speaker)
    with qtbot.wait_signal(speaker.ready, timeout=1_000):
        speaker.prepare(CUES)
    speaker.say("Thirty seconds remaining.", "single")
    qtbot.wait_until(lambda: seen.settled(speaker.last_ticket), timeout=1_000)
    assert seen.silent == {1: "speech-off"}
    assert speaker.renderer_pid == 0, "no render worker started for nothing"
    assert speaker.output.player_volumes == {}, "and no sound player"
    speaker.shutdown()


@pytest.mark.parametrize(
    "reason",
    [
        "no-espeak",
        "no-pyttsx3",
        "engine-error",
        "crashed",
        "crashed-at-start",
        "timeout",
        "not-started",
        "no-output",
        "no-bell",
        "something-new",
    ],
)
def test_every_problem_message_is_plain_and_says_captions_go_on(reason: str) -> None:
    message = problem_message(reason)
    assert message.endswith("Cues will still appear as captions.")
    assert "Traceback" not in message
    assert "Error" not in message


@pytest.mark.speech
def test_sixty_cues_rendered_back_to_back_all_come_out_with_sound(
    qtbot: QtBot, make_service: Callable[..., SpeechService], espeak: None
) -> None:
    texts = [f"Part {n}, gently." if n % 2 else f"Now, {n}." for n in range(60)]
    service = make_service()
    with qtbot.wait_signal(service.ready, timeout=60_000):
        service.prepare([(t, "none") for t in texts])
    empty = [t for t in texts if service.path_for(t) is None]
    assert not empty, "pyttsx3 can hand back an empty render when requests follow closely: none is lost"
    for text in texts[:5]:
        path = service.path_for(text)
        assert path is not None
        assert wav_stats(path).rms > 0.01


def test_the_session_log_says_what_the_room_heard_of_each_cue(
    qtbot: QtBot,
    make_service: Callable[..., SpeechService],
    fake_engine: Callable[[str], object],
    sound_server: object,
) -> None:
    fake_engine("tone")
    _, seen, controller = started_session(qtbot, make_service, "Welcome.")
    assert controller.runner.log.heard == {0: "captioned only"}, "nothing is claimed before it is heard"
    qtbot.wait_until(lambda: bool(seen.voiced), timeout=5_000)
    assert controller.runner.log.heard == {0: "spoken"}
    controller.shutdown()
