"""A stand-in for pyttsx3 that fails the ways the real one can, chosen by ``FAKE_PYTTSX3_MODE``.

Put this folder first on the render worker's PYTHONPATH. Modes:
  missing        init() raises the RuntimeError pyttsx3 raises when libespeak-ng is absent
  exit-at-start  init() ends the process with status 1, as espeak-ng does when its data folder is missing
  hang-at-start  init() never returns
  hang-on-render runAndWait() never returns
  crash-on-word  runAndWait() ends the process if the text contains CRASH; otherwise writes a short tone
  tone           writes a short tone for every text (and prints to stdout, which must not reach the protocol)
"""

from __future__ import annotations

import math
import os
import struct
import sys
import threading
import wave
from typing import Any

MODE = os.environ.get("FAKE_PYTTSX3_MODE", "tone")


class _Voice:
    def __init__(self, ident: str, name: str) -> None:
        self.id = ident
        self.name = name
        self.languages = ["en"]


class _Engine:
    def __init__(self) -> None:
        self._props: dict[str, Any] = {"voice": "fake/en", "rate": 150, "voices": [_Voice("fake/en", "Fake")]}
        self._job: tuple[str, str] | None = None
        self._finished: list[Any] = []

    def connect(self, topic: str, callback: Any) -> None:
        if topic == "finished-utterance":
            self._finished.append(callback)

    def getProperty(self, name: str) -> Any:
        return self._props.get(name)

    def setProperty(self, name: str, value: Any) -> None:
        self._props[name] = value

    def save_to_file(self, text: str, path: str) -> None:
        self._job = (text, path)

    def runAndWait(self) -> None:
        if self._job is None:
            return
        text, path = self._job
        self._job = None
        if MODE == "hang-on-render":
            threading.Event().wait()
        if MODE == "crash-on-word" and "CRASH" in text:
            os._exit(1)
        print("fake engine chatter on stdout")
        seconds = 0.2 + 0.02 * len(text)
        frames = int(22_050 * seconds)
        with wave.open(path, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(22_050)
            out.writeframes(
                b"".join(
                    struct.pack("<h", int(8000 * math.sin(2 * math.pi * 220 * n / 22_050)))
                    for n in range(frames)
                )
            )
        sys.stdout.flush()
        for callback in self._finished:
            callback(name=None, completed=True)


def init(driver: str | None = None) -> _Engine:
    del driver
    if MODE == "missing":
        raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")
    if MODE == "exit-at-start":
        os._exit(1)
    if MODE == "hang-at-start":
        threading.Event().wait()
    return _Engine()
