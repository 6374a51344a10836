"""How a time warning reaches the room: spoken, a soft bell in place of the words, or the caption alone."""

from __future__ import annotations

import pytest

from mindful_listening.core.loading import parse_script
from mindful_listening.core.timeline import CueKind, compile_script, what_sounds

SCRIPT = b"""
format = 1
id = "warned"
title = "Warned"
mode = "group-pairs"
purpose = "A turn with a warning."
warnings = "bell"
[[steps]]
kind = "turn"
title = "A speaks"
duration = "5m"
roles = { speaker = "A", listener = "B" }
bell = "single"
[[steps.cues]]
text = "Whenever you're ready."
[[steps.cues]]
at = "2m"
text = "Halfway."
[[steps.cues]]
at = "-1m"
text = "About a minute left."
[[steps.cues]]
at = "end"
text = "Let your last words land."
"""


def test_the_script_chooses_how_its_warnings_are_given() -> None:
    timeline = compile_script(parse_script(SCRIPT))
    assert timeline.script.warnings == "bell"
    kinds = [cue.kind for cue in timeline.steps[0].cues]
    assert kinds == [CueKind.START, CueKind.INFO, CueKind.WARNING, CueKind.END]


@pytest.mark.parametrize(
    ("style", "warning_sounds"),
    [("spoken", ("About a minute left.", "none")), ("bell", ("", "soft")), ("caption", ("", "none"))],
)
def test_only_a_warning_is_quietened_and_every_other_cue_sounds_as_written(
    style: str, warning_sounds: tuple[str, str]
) -> None:
    start, middle, warning, end = compile_script(parse_script(SCRIPT)).steps[0].cues
    assert what_sounds(warning, style) == warning_sounds  # type: ignore[arg-type]
    assert what_sounds(start, style) == ("Whenever you're ready.", "single")  # type: ignore[arg-type]
    assert what_sounds(middle, style) == ("Halfway.", "none")  # type: ignore[arg-type]
    assert what_sounds(end, style) == ("Let your last words land.", "none")  # type: ignore[arg-type]


def test_an_unknown_warning_style_is_refused_in_plain_words() -> None:
    from mindful_listening.core.loading import ScriptProblems

    with pytest.raises(ScriptProblems) as caught:
        parse_script(SCRIPT.replace(b'warnings = "bell"', b'warnings = "whisper"'))
    assert "warnings" in str(caught.value)
