"""Files no reader should be crashed, stalled or fooled by (issue 15, points 1–5), and the warnings.

Each test names the defect it pins down. None of them times anything: a file that once took minutes is
refused here by a measured bound before parsing, or read by a locator that can no longer backtrack, and the
suite's per-test timeout is the only clock. The fuzz test beside this one (test_loading_fuzz.py) and
benchmarks/fuzz_reader.py look for the files nobody thought of.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mindful_listening.core.characters import printable
from mindful_listening.core.durations import DurationError, describe_exact_ms, describe_ms, parse_duration_ms
from mindful_listening.core.loading import ScriptProblems, check_script, locate_lines, parse_script
from mindful_listening.core.timeline import compile_script

GOOD = b"""
id = "tiny"
title = "Tiny"
mode = "group-pairs"
purpose = "To practise."

[[steps]]
kind = "turn"
title = "A speaks"
duration = "1m"
roles = { speaker = "A", listener = "B" }
[[steps.cues]]
at = "-30s"
text = "Half a minute left."
"""

STEP = b"""
[[steps]]
kind = "pause"
title = "Pause %d"
duration = "%s"
"""


def problems_of(data: bytes, name: str = "s.toml") -> list[str]:
    with pytest.raises(ScriptProblems) as raised:
        parse_script(data, name)
    found = [str(p) for p in raised.value.problems]
    assert found, "a refusal says why"
    for line in found:
        assert line.startswith(printable(name)), line
        assert "\n" not in line, line
        assert "\x1b" not in line, line
    return found


def run_cli(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mindful_listening", *args],
        capture_output=True,
        input=stdin,
        timeout=60,
        cwd=cwd,
        env={**os.environ, "PYTHONWARNINGS": "", "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


# 1. Crashes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "duration",
    [
        b"1e308",
        b"1" * 320,
        b"-1e308",
        b"inf",
        b"nan",
        b'"9999999999999999999999999999999999999h"',
        '"1ſ"'.encode(),
    ],
)
def test_absurd_numbers_are_problems_not_crashes(duration: bytes) -> None:
    """1e308 overflowed converting to an int; a 320-digit number overflowed describing itself; "1ſ" (a long s,
    which IGNORECASE matched as "s") was a KeyError."""
    (found,) = problems_of(GOOD.replace(b'"1m"', duration))
    assert "s.toml:10: steps[0].duration:" in found


def test_a_number_with_thousands_of_digits_is_a_problem() -> None:
    """tomllib raises a plain ValueError (Python's 4,300-digit limit), not its own decode error."""
    (found,) = problems_of(GOOD + b"\nlength = " + b"7" * 5000 + b"\n")
    assert "thousands of digits" in found


def test_numbers_are_range_checked_before_conversion() -> None:
    for value in (10**320, 1e308, 10**7):
        with pytest.raises(DurationError, match="far longer than anything in a session"):
            parse_duration_ms(value)
    assert describe_ms(10**320).endswith(" h 46 min")  # no float on the way: it cannot overflow
    assert describe_ms(2_500) == "2 s"
    assert describe_ms(1_500) == "2 s"


# 2. Hangs and slowness --------------------------------------------------------------------------------------


def test_a_long_line_is_refused_before_parsing() -> None:
    """A line of 100,000 spaces inside a multi-line string took validate 34 s."""
    data = GOOD.replace(b'"To practise."', b'"""\n' + b" " * 100_000 + b'\n"""')
    found = problems_of(data)
    assert "s.toml:6: this line is 100,000 characters long; a script's lines are at most 20,000" in found[1]


def test_a_bracket_and_spaces_inside_a_string_cannot_stall_the_line_locator() -> None:
    """The locator's header pattern backtracked cubically on "[" and spaces: 4,000 of them took 44 s."""
    line = "[" + " " * 19_000
    text = GOOD.decode().replace('"To practise."', f'"""\n{line}\n"""')
    assert parse_script(text.encode()).purpose.startswith("[")
    lines = locate_lines(text + '\n[[steps]]\nkind = "pause"\n')
    assert lines[("steps", 1)] == text.count("\n") + 2, "a header inside a string is not a header"


def test_a_dotted_key_thousands_deep_is_refused_before_parsing() -> None:
    """tomllib is quadratic in a key's depth: 10,000 deep took 7.5 s."""
    (found,) = problems_of(b"[" + b"a." * 4_000 + b"b]\n")
    assert found.startswith("s.toml:1: a setting name here has thousands of parts")


def test_deep_brackets_a_long_string_and_too_many_steps_are_refused_before_parsing() -> None:
    deep = problems_of(b"a = " + b"[" * 100 + b"]" * 100)
    assert deep == ["s.toml:1: brackets are nested more than 16 deep here; a script needs 3 at most"]
    long_text = b'notes = """' + (b"x" * 1_000 + b"\n") * 50 + b'"""\n'
    (found,) = problems_of(long_text)
    assert "a text here is 50,050 characters long; a script's texts are at most 40,000" in found
    many = GOOD + b"".join(STEP % (i, b"1m") for i in range(201))
    (found,) = problems_of(many)
    assert "this is step 201: a script has at most 200" in found
    cue = b'[[steps.cues]]\ntext = "c"\n'
    assert len(parse_script(GOOD + cue * 49).steps[0].cues) == 50, "50 cues in a step are fine"
    (found,) = problems_of(GOOD + cue * 50 + STEP % (1, b"1m") + cue * 50)
    assert found.startswith("s.toml:113: this is cue 51 of a step: a step has at most 50"), found


def test_inline_steps_are_counted_before_validating() -> None:
    data = GOOD + b"\n" + b"\n".join(b'[[steps]]\nkind = "pause"' for _ in range(3))
    assert problems_of(data)  # an ordinary problem (missing titles): counted, not refused for size
    inline = b'id = "x1"\nsteps = [' + b'{ kind = "pause" },' * 300 + b"]\n"
    assert problems_of(inline) == ["s.toml: steps: 300 steps: a script has at most 200"]


def test_validate_reads_standard_input(tmp_path: Path) -> None:
    """validate read its file twice, so a script on standard input was reported empty."""
    result = run_cli("validate", "-", cwd=tmp_path, stdin=GOOD)
    assert result.returncode == 0, result.stdout
    assert result.stdout.decode() == "<stdin>: ok\n"
    bad = run_cli("validate", "-", cwd=tmp_path, stdin=GOOD.replace(b'"1m"', b'"soon"'))
    assert bad.returncode == 2
    assert bad.stdout.decode().startswith("<stdin>:10: steps[0].duration:")


def test_rehearse_and_play_read_standard_input(tmp_path: Path) -> None:
    rehearsed = run_cli("rehearse", "-", "--json", cwd=tmp_path, stdin=GOOD)
    assert rehearsed.returncode == 0, rehearsed.stderr
    assert b'"total_ms": 60000' in rehearsed.stdout
    one_second = GOOD.replace(b'"1m"', b'"2s"').replace(b'"-30s"', b'"-1s"')
    played = run_cli(
        "play", "-", "--no-speech", "--no-record", "--scale", "4", cwd=tmp_path, stdin=one_second
    )
    assert played.returncode == 0, played.stderr
    assert b"Half a minute left." in played.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", ["validate", "rehearse"])
def test_a_fifo_is_read_once(tmp_path: Path, command: str) -> None:
    """A FIFO can be opened and read once; validate opened it twice and waited for ever on the second."""
    fifo = tmp_path / "script.toml"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as writer:
            writer.write(GOOD)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result = run_cli(command, str(fifo), cwd=tmp_path)
    writer.join(timeout=10)
    assert result.returncode == 0, result.stdout + result.stderr
    if command == "validate":
        assert result.stdout.decode() == f"{fifo}: ok\n"


# 3. Every problem in one pass -------------------------------------------------------------------------------


def test_roles_rounds_and_the_8_hour_limit_come_with_the_other_problems() -> None:
    """They were found only once everything else was fixed."""
    data = (
        GOOD.replace(b'roles = { speaker = "A", listener = "B" }\n', b"round = 1\n")
        + STEP % (1, b"3h")
        + b"round = 2\n"
        + STEP % (2, b"3h")
        + b"round = 1\n"
        + STEP % (3, b"2h")
        + b'bell = "gong"\n'
    )
    found = problems_of(data)
    assert any(p.startswith("s.toml:32: steps[3].bell:") for p in found), found
    assert any(
        p.startswith("s.toml:7: steps[0].roles: a speaking turn in a group needs roles") for p in found
    )
    assert any(p.startswith("s.toml:26: steps[2].round: round 1 appears again here") for p in found), found
    assert any("the steps add up to at least 8 h 1 min" in p for p in found), found


def test_every_cue_outside_its_step_is_reported_at_its_own_line() -> None:
    """Only the first bad cue of a step was reported (3 of 9)."""
    cues = b"".join(
        b'[[steps.cues]]\nat = "%s"\ntext = "Cue %d."\n' % (at, i)
        for i, at in enumerate([b"10s", b"2m", b"-20s", b"-5m", b"end", b"90s", b"start", b"+5s", b"30s"])
    )
    found = problems_of(GOOD + cues)
    outside = [p for p in found if "falls outside" in p or "soft landing" in p]
    assert [p.split(": ", 2)[1] for p in outside] == [
        "steps[0].cues[2].at",
        "steps[0].cues[4].at",
        "steps[0].cues[6].at",
        "steps[0].cues[8].at",
    ]
    lines = locate_lines((GOOD + cues).decode())
    assert outside[0].startswith(f"s.toml:{lines[('steps', 0, 'cues', 2, 'at')]}:")
    assert 'the cue at "2m" falls outside this 1 min step (2 min after the start)' in outside[0]


# 4. Messages in the facilitator's words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            b'title = "Tiny"',
            b"title = 1979-05-27T07:32:00Z",
            "found a date and time (1979-05-27 07:32:00+00:00)",
        ),
        (b'title = "Tiny"', b"title = 1979-05-27", "found a date (1979-05-27)"),
        (b'title = "Tiny"', b"title = 07:32:00", "found a time of day (07:32:00)"),
        (b'title = "Tiny"', b"title = true", "found true"),
        (b'title = "Tiny"', b"title = 1.5", "found 1.5"),
        (b'duration = "1m"', b'duration = "1m"\nround = 0', "0 is too small: it must be at least 1"),
        (b'duration = "1m"', b'duration = "1m"\nround = 100', "100 is too large: it can be at most 99"),
    ],
)
def test_values_are_described_as_written_not_as_python_spells_them(
    old: bytes, new: bytes, words: str
) -> None:
    (found,) = problems_of(GOOD.replace(old, new))
    assert words in found
    assert "datetime" not in found
    assert "input should" not in found.lower()
    assert "True" not in found


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_files_are_named_and_utf8_asked_for(encoding: str) -> None:
    """They were called "binary data". Decision: refused, not decoded (docs/script-format.md, Limits)."""
    (found,) = problems_of(GOOD.decode().encode(encoding))
    width = "UTF-32" if "32" in encoding else "UTF-16"
    assert f"this file is saved as {width} text; save it as UTF-8" in found


def test_eight_hours_and_a_millisecond_says_by_how_much() -> None:
    data = GOOD.replace(b'"1m"', b'"3h"') + STEP % (1, b"3h") + STEP % (2, b"2h 1ms")
    assert problems_of(data) == [
        "s.toml:7: steps: the steps add up to 8 h 1 ms, 1 ms more than the 8 hours a session may last"
    ]
    assert describe_exact_ms(3 * 3_600_000 + 400) == "3 h 400 ms"
    assert describe_exact_ms(0) == "0 s"


def test_nothing_from_the_file_can_split_a_message_or_reach_the_terminal_raw() -> None:
    """A line break in an at value split the message in two."""
    (found,) = problems_of(GOOD.replace(b'"-30s"', b'"a\\nb"'))
    assert '"a\\nb" is not a cue time' in found
    (found,) = problems_of(GOOD + b'\n"\\u001b[2J" = 1\n')
    assert '"\\x1b[2J" is not a setting here' in found
    (found,) = problems_of(GOOD.replace(b'"1m"', b'"soon"'), name="evil\x1b[31m.toml")
    assert found.startswith("evil\\x1b[31m.toml")


# 5. Accepted but wrong --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        (b'id = "tiny"', b'format = true\nid = "tiny"', "format", "expected the number 1, found true"),
        (b'duration = "1m"', b'duration = "1m"\nopen_ended = "yes"', "steps[0].open_ended", 'found "yes"'),
        (b'duration = "1m"', b'duration = "1m"\nopen_ended = 1', "steps[0].open_ended", "true or false"),
        (b'duration = "1m"', b'duration = "1m"\nround = "1"', "steps[0].round", 'a whole number, found "1"'),
        (b'duration = "1m"', b'duration = "1m"\nround = 1.0', "steps[0].round", "a whole number, found 1"),
        (
            b'duration = "1m"',
            b'duration = "1m"\nround = true',
            "steps[0].round",
            "a whole number, found true",
        ),
    ],
)
def test_booleans_are_booleans_and_whole_numbers_are_whole_numbers(
    old: bytes, new: bytes, field: str, words: str
) -> None:
    (found,) = problems_of(GOOD.replace(old, new))
    assert f": {field}: " in found, found
    assert words in found, found


@pytest.mark.parametrize("duration", ["٣m", "３m", "১m", "3m ٣s"])
def test_durations_take_the_digits_0_to_9_only(duration: str) -> None:
    (found,) = problems_of(GOOD.replace(b'"1m"', f'"{duration}"'.encode()))
    assert "uses digits other than 0–9" in found


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (b'title = "Tiny"', b'title = "\\u200b\\u200b"', "title"),
        (b'text = "Half a minute left."', b'text = "\\u200d\\ufeff"', "steps[0].cues[0].text"),
        (b'speaker = "A"', b'speaker = "\\u200c"', "steps[0].roles.speaker"),
        (b'title = "A speaks"', b'title = "\\u3164"', "steps[0].title"),
        (b'id = "tiny"', b'id = "tiny"\nsummary = "\\u2060"', "summary"),
    ],
)
def test_text_made_only_of_invisible_characters_is_refused(old: bytes, new: bytes, field: str) -> None:
    (found,) = problems_of(GOOD.replace(old, new))
    assert f": {field}: this text has no visible characters" in found


def test_a_role_label_with_a_zero_width_space_is_the_same_person() -> None:
    (found,) = problems_of(GOOD.replace(b'listener = "B"', b'listener = "A\\u200b"'))
    assert "each role needs a different person" in found


@pytest.mark.parametrize(
    ("text", "shown"),
    [("\\u0000", "\\x00"), ("\\u001b[31mred", "\\x1b"), ("\\r", "\\r"), ("\\u009b", "\\x9b")],
)
def test_control_characters_are_refused_in_text_that_is_said_or_shown(text: str, shown: str) -> None:
    data = GOOD.replace(b"Half a minute left.", f"Half {text} left.".encode())
    (found,) = problems_of(data)
    assert f"steps[0].cues[0].text: this text holds a control character ({shown}, at character 6)" in found


def test_a_tab_and_a_line_break_are_still_fine_in_text() -> None:
    script = parse_script(GOOD.replace(b"Half a minute left.", b"Half a minute\\n\\tleft."))
    assert script.steps[0].cues[0].text == "Half a minute\n\tleft."


def test_rehearse_and_play_never_print_an_escape_code(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(GOOD.replace(b"Half a minute left.", b"\\u001b[2J\\u001b[31mGotcha"))
    for args in (["rehearse", str(path)], ["play", str(path), "--no-speech", "--no-record", "--scale", "50"]):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2
        assert b"\x1b" not in result.stdout + result.stderr
        assert b"control character (\\x1b" in result.stderr


def test_scripts_with_the_same_id_validated_together_are_each_told(tmp_path: Path) -> None:
    """Several files with one id, validated together, were all "ok"."""
    one, two, three = tmp_path / "one.toml", tmp_path / "two.toml", tmp_path / "three.toml"
    one.write_bytes(GOOD)
    two.write_bytes(GOOD)
    three.write_bytes(GOOD.replace(b'id = "tiny"', b'id = "other"'))
    result = run_cli("validate", str(one), str(two), str(three), str(one), cwd=tmp_path)
    out = result.stdout.decode()
    assert result.returncode == 2, out
    assert f'{one}:2: id: "tiny" is also the id of {two}: each script needs its own id' in out
    assert f'{two}:2: id: "tiny" is also the id of {one}' in out
    assert f"{three}: ok" in out
    assert [line for line in out.splitlines() if line.startswith(f"{one}:")] == [
        f'{one}:2: id: "tiny" is also the id of {two}: each script needs its own id, so the library and the '
        "session records can tell them apart"
    ], "a file named twice is checked once"


# Warnings ---------------------------------------------------------------------------------------------------

TWO_STEPS = b"""
id = "two"
title = "Two"
mode = "one-to-one"
purpose = "To practise."

[[steps]]
kind = "exercise"
title = "First"
duration = "1m"
[[steps.cues]]
at = "end"
text = "Let it settle."

[[steps]]
kind = "exercise"
title = "Second"
duration = "1m"
[[steps.cues]]
text = "And now the second."
"""


def warnings_of(data: bytes) -> list[str]:
    return [str(w) for w in check_script(data, "w.toml").warnings]


def test_two_cues_at_the_same_instant_are_a_warning() -> None:
    (warning,) = warnings_of(TWO_STEPS)
    assert warning.startswith("w.toml:12: warning: steps[0].cues[0].at: this is due at the same moment as")
    assert "steps[1].cues[0] (1:00 into the session)" in warning
    assert 'give steps[0] a soft landing (e.g. landing = "10s")' in warning
    assert not warnings_of(
        TWO_STEPS.replace(
            b'duration = "1m"\n[[steps.cues]]\nat = "end"',
            b'duration = "1m"\nlanding = "10s"\n[[steps.cues]]\nat = "end"',
        )
    )
    within = TWO_STEPS + b'[[steps.cues]]\nat = "0s"\ntext = "Said at once."\n'
    assert any("steps[1].cues[1]" in w and "move one of them" in w for w in warnings_of(within))


def test_an_open_ended_step_ends_when_the_facilitator_says_so_so_nothing_coincides_across_it() -> None:
    open_ended = TWO_STEPS.replace(b'title = "First"', b'title = "First"\nopen_ended = true')
    assert warnings_of(open_ended) == []


def test_a_step_bell_shadowed_by_its_start_cues_own_bell_is_a_warning() -> None:
    """compile_script drops the step's bell when its first start cue has one: that was silent."""
    data = TWO_STEPS.replace(b'title = "Second"', b'title = "Second"\nbell = "double"').replace(
        b'text = "And now the second."', b'text = "And now the second."\nbell = "soft"'
    )
    found = warnings_of(data)
    assert any(
        w.startswith('w.toml:18: warning: steps[1].bell: this step\'s "double" bell does not ring')
        and '(steps[1].cues[0]) has a "soft" bell of its own' in w
        for w in found
    ), found
    timeline = compile_script(parse_script(data))
    assert [c.bell for c in timeline.steps[1].cues] == ["soft"], "what the warning says is what happens"


def test_validate_shows_warnings_apart_from_problems_and_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_bytes(TWO_STEPS)
    result = run_cli("validate", str(path), cwd=tmp_path)
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 0
    assert lines[0] == f"{path}: ok"
    assert lines[1].startswith(f"{path}:12: warning: steps[0].cues[0].at:")
    assert len(lines) == 2


def test_the_built_ins_have_no_warnings() -> None:
    from mindful_listening.core.library import resource

    for entry in resource("scripts").iterdir():
        if entry.name.endswith(".toml"):
            assert warnings_of(entry.read_bytes()) == [], entry.name
