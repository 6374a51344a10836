"""The speech renderer, run as a child process: ``python -m mindful_listening.speech.render_worker``.

Why a separate process: the espeak-ng C library calls ``exit(1)`` when its data folder is missing, pyttsx3
caches one engine per driver with side effects between calls, and a stuck synthesis cannot be interrupted
from Python. Out here, any of that ends this process only; the app notices and carries on with captions.

Protocol: one JSON object per line. On start the worker writes a ``hello``::

    {"type": "hello", "ok": true, "engine": "espeak-ng", "version": "1.51", "voices": [...], ...}
    {"type": "hello", "ok": false, "reason": "no-espeak" | "no-pyttsx3" | "engine-error", "detail": "..."}

(and exits with status 3 after a failed hello). Then it answers each request read from stdin::

    {"op": "render", "id": 7, "text": "...", "voice": "", "rate": 150, "out": "/path.wav", "measure": false}
    -> {"type": "rendered", "id": 7, "ok": true, "ms": 12.4, "voice_used": "gmw/en", ...}

It exits when stdin closes. It ignores Ctrl+C (the terminal sends SIGINT to the whole process group): the app
decides when the worker ends. Whatever the engine prints goes to stderr, never into the protocol.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from mindful_listening.speech import cachefiles
from mindful_listening.speech.wavinfo import looks_like_wav, trim_silence, wav_stats

EXIT_NO_ENGINE = 3
FINISH_WAIT_S = 10.0  # the app's own timeout (5 s by default) ends a worker stuck longer than that anyway
RENDER_ATTEMPTS = 3  # an empty rendering (a pyttsx3 race, see _engine_idle) is tried again
PRUNE_WAIT_S = 5.0  # at exit, how long the worker lets a cache prune finish (it is bounded anyway)
WORKER_NICENESS = 10  # added to the worker's nice value: rendering yields the CPU to the app


def _send(out: TextIO, message: dict[str, Any]) -> None:
    out.write(json.dumps(message, ensure_ascii=False) + "\n")
    out.flush()


def _espeak_version() -> str:
    try:
        library = ctypes.CDLL("libespeak-ng.so.1")
        info = library.espeak_Info
        info.restype = ctypes.c_char_p
        info.argtypes = [ctypes.c_void_p]
        raw = info(None)
        return raw.decode("utf-8", "replace") if raw else ""
    except (OSError, AttributeError):
        return ""


def _voice_list(engine: Any) -> list[dict[str, str]]:
    voices = []
    for voice in engine.getProperty("voices") or []:
        languages = getattr(voice, "languages", []) or []
        language = languages[0] if languages else ""
        if isinstance(language, bytes):
            language = language.decode("utf-8", "replace")
        voices.append({"id": str(voice.id), "name": str(voice.name), "language": str(language)})
    return voices


def _engine_idle(wait: threading.Event) -> None:
    """Wait (at most 200 ms) until espeak-ng's own thread has let go of the previous utterance.

    pyttsx3 cancels whatever espeak reports as still playing when runAndWait ends its loop; if that is the
    tail of the previous utterance, the cancel lands on the next one, which then comes out empty (measured:
    5-10 renders in 100 when requests follow each other closely). Best effort: pyttsx3's internals may change.
    """
    try:
        from pyttsx3.drivers import _espeak
    except Exception:
        return
    for _ in range(100):
        if not _espeak.IsPlaying():
            return
        wait.wait(0.002)


class _EspeakSettings:
    """Voice and rate set straight in espeak-ng, and confirmed there before a rendering starts.

    Through pyttsx3, ``setProperty`` only queues the change; it reaches espeak's own command queue inside
    ``runAndWait``, just before pyttsx3 ends its loop with "cancel if espeak is busy". That cancel empties
    espeak's queue (a rate still waiting in it is dropped) and puts back the parameters of the previous
    utterance. Measured: under CPU load, about one rendering in twenty-five came out at pyttsx3's default
    200 words a minute instead of the 120 asked for. Here the settings are made directly, espeak's queue is
    waited empty (so nothing is left to cancel), and the rate is read back; after the rendering it is read
    again, so a rendering whose rate was put back is caught and made again.
    """

    def __init__(self) -> None:
        self._api: Any = None
        self._get: Any = None
        try:
            from pyttsx3.drivers import _espeak

            get = _espeak.dll.espeak_GetParameter
            get.argtypes = [ctypes.c_int, ctypes.c_int]  # pyttsx3's own binding leaves out "current"
            get.restype = ctypes.c_int
        except Exception:
            return
        self._api, self._get = _espeak, get

    @property
    def direct(self) -> bool:
        return self._api is not None

    def rate(self) -> int:
        """The rate espeak will use for the next utterance (its current value, not its default)."""
        return int(self._get(self._api.RATE, 1)) if self._api is not None else -1

    def apply(self, voice: str, rate: int) -> bool:
        """Set ``voice`` and ``rate`` and wait until espeak has taken them; False if the rate did not hold."""
        api = self._api
        if api is None:
            return False
        if voice:
            api.SetVoiceByName(voice.encode("utf-8"))
        for _ in range(3):
            api.SetParameter(api.RATE, rate, 0)
            api.Synchronize()  # espeak's command queue is empty once this returns
            if self.rate() == rate:
                return True
        return False


def _render_once(engine: Any, finished: threading.Event, text: str, out: Path) -> bool:
    with contextlib.suppress(FileNotFoundError):
        out.unlink()
    _engine_idle(threading.Event())
    finished.clear()
    engine.save_to_file(text, str(out))
    engine.runAndWait()
    # pyttsx3's espeak driver can return from runAndWait while espeak's own thread is still synthesising and
    # has not written the file yet. It announces the end of each utterance, after the file is closed, through
    # "finished-utterance": wait for that.
    return finished.wait(FINISH_WAIT_S) and looks_like_wav(out)


def _render(
    engine: Any,
    finished: threading.Event,
    known: set[str],
    default_voice: str,
    request: dict[str, Any],
    settings: _EspeakSettings | None = None,
) -> dict[str, Any]:
    rid = request.get("id")
    text = str(request.get("text", ""))
    out = Path(str(request.get("out", "")))
    voice = str(request.get("voice", "") or "")
    voice_used = voice if voice in known else default_voice
    rate = int(request.get("rate", 150))
    started = time.perf_counter_ns()
    direct = settings if settings is not None and settings.direct else None
    if direct is None:
        engine.setProperty("voice", voice_used)
        engine.setProperty("rate", rate)
    attempts = 0
    ok = False
    rate_held = True
    while not ok and attempts < RENDER_ATTEMPTS:
        attempts += 1
        if direct is not None:
            _engine_idle(threading.Event())
            rate_held = direct.apply(voice_used, rate)
        ok = _render_once(engine, finished, text, out)
        if ok and direct is not None and direct.rate() != rate:
            rate_held = ok = False  # the rate was put back while the rendering started: make it again
    ms = (time.perf_counter_ns() - started) / 1e6
    if not ok:
        size = out.stat().st_size if out.exists() else -1
        what = "did not keep the speaking rate" if not rate_held else "wrote no audio"
        detail = f"the engine {what} ({attempts} tries; file size {size})"
        return {"type": "rendered", "id": rid, "ok": False, "detail": detail}
    trimmed = trim_silence(out)
    answer: dict[str, Any] = {
        "type": "rendered",
        "id": rid,
        "ok": True,
        "ms": round(ms, 2),  # the engine's rendering alone (all tries), before trimming
        "tries": attempts,
        "trimmed_ms": round(trimmed, 1),
        "voice_used": voice_used,
        "voice_found": voice in known or voice == "",
        "rate_used": direct.rate() if direct is not None else rate,
    }
    if request.get("measure"):
        stats = wav_stats(out)
        answer.update(seconds=round(stats.seconds, 4), rms=round(stats.rms, 5), sample_rate=stats.rate)
    return answer


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Rendering is background work: on a two-core laptop the app's GUI thread must win the CPU from it
    # (measured: the worst event-loop stall while cues rendered was 17.6 ms at the same priority).
    with contextlib.suppress(AttributeError, OSError):
        os.nice(WORKER_NICENESS)
    # Keep the real stdout for the protocol; point file descriptor 1 (and sys.stdout) at stderr so nothing the
    # engine or pyttsx3 prints ("Audio saved to ...") can corrupt it.
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    started = time.perf_counter_ns()
    try:
        import pyttsx3
    except ImportError as exc:
        _send(protocol, {"type": "hello", "ok": False, "reason": "no-pyttsx3", "detail": str(exc)})
        return EXIT_NO_ENGINE
    if not callable(getattr(pyttsx3, "init", None)):
        # An empty or half-removed package folder imports as a namespace package with nothing in it: that is
        # a broken installation of pyttsx3, not missing voice data.
        detail = "the pyttsx3 package is incomplete"
        _send(protocol, {"type": "hello", "ok": False, "reason": "no-pyttsx3", "detail": detail})
        return EXIT_NO_ENGINE
    try:
        # espeak-ng on Linux (measured and supported here); elsewhere pyttsx3 picks the platform engine.
        engine = pyttsx3.init("espeak" if sys.platform.startswith("linux") else None)
        voices = _voice_list(engine)
        default_voice = str(engine.getProperty("voice") or "")
    except RuntimeError as exc:
        reason = "no-espeak" if "espeak" in str(exc).lower() else "engine-error"
        _send(protocol, {"type": "hello", "ok": False, "reason": reason, "detail": str(exc)})
        return EXIT_NO_ENGINE
    except Exception as exc:  # the isolation boundary: report anything, crash on nothing
        _send(protocol, {"type": "hello", "ok": False, "reason": "engine-error", "detail": repr(exc)})
        return EXIT_NO_ENGINE
    known = {v["id"] for v in voices}
    settings = _EspeakSettings() if sys.platform.startswith("linux") else None
    finished = threading.Event()
    engine.connect("finished-utterance", lambda name=None, completed=True: finished.set())
    _send(
        protocol,
        {
            "type": "hello",
            "ok": True,
            "engine": "espeak-ng" if sys.platform.startswith("linux") else "pyttsx3",
            "version": _espeak_version(),
            "voices": voices,
            "default_voice": default_voice,
            "init_ms": round((time.perf_counter_ns() - started) / 1e6, 2),
        },
    )
    pruner: threading.Thread | None = None
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except json.JSONDecodeError:
            _send(protocol, {"type": "error", "detail": "a request was not valid JSON"})
            continue
        if request.get("op") != "render":
            _send(protocol, {"type": "error", "id": request.get("id"), "detail": "unknown op"})
            continue
        try:
            answer = _render(engine, finished, known, default_voice, request, settings)
        except Exception as exc:  # one bad cue must not end the worker
            answer = {"type": "rendered", "id": request.get("id"), "ok": False, "detail": repr(exc)}
        _send(protocol, answer)
        if pruner is None:
            # Once per start, beside the rendering (so no cue waits for it): tidy the cache it went to.
            pruner = threading.Thread(target=_prune_cache, args=(request,), name="prune", daemon=True)
            pruner.start()
    if pruner is not None:
        pruner.join(PRUNE_WAIT_S)
    return 0


def _prune_cache(request: dict[str, Any]) -> None:
    with contextlib.suppress(Exception):  # housekeeping must never cost a cue
        result = cachefiles.prune(Path(str(request.get("out", ""))).parent, time.time())
        if result.removed:
            print(
                f"speech cache: removed {result.removed} old files ({result.freed_bytes} bytes)",
                file=sys.stderr,
            )


if __name__ == "__main__":
    sys.exit(main())
