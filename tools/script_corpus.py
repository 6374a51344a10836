"""A corpus of odd and hostile script files, for the reader's fuzz test and its benchmark (issue 15).

Three families, each made only from a ``random.Random``, so one seed gives the same corpus every time:

- **mutations** of the built-in scripts: bytes flipped, lines dropped, doubled or swapped, values replaced by
  odd ones (``1e308``, a 320-digit number, a date, ``true``, ``"٣m"``), text given zero-width characters,
  escape codes or NULs, keys misspelt, steps repeated, the file cut short;
- **random bytes**, sometimes with a TOML-looking start;
- **huge and deep** inputs: long lines, long strings, many steps, cues or unknown keys, brackets and dotted
  keys thousands deep, a ``[`` followed by spaces, files at and past the 1 MB limit.

The hypothesis test (tests/core/test_loading_fuzz.py) hands in its own ``Random`` (``st.randoms()``), so it
draws from the same operators, and ``benchmarks/fuzz_reader.py`` runs thousands of cases. To write a corpus to
a folder, for reading by hand or feeding to another tool::

    .venv/bin/python tools/script_corpus.py OUT_DIR --count 2300 --seed 15
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

Case = tuple[str, bytes]

ODD_VALUES: tuple[bytes, ...] = (
    b"1e308",
    b"-1e308",
    b"1" * 320,
    b"7" * 5000,
    b"-0.0",
    b"nan",
    b"inf",
    b"-5",
    b"0",
    b"0x7fffffff",
    b"0o777",
    b"1_000",
    b"true",
    b"false",
    b"1.0",
    b"1979-05-27T07:32:00Z",
    b"1979-05-27",
    b"07:32:00",
    b"[]",
    b"{}",
    b"[[[]]]",
    b'[ "a", 1 ]',
    b'{ speaker = "A", listener = "A" }',
    b'""',
    b'"   "',
    b'"\\u0000"',
    b'"\\u001b[2J\\u001b[31mred"',
    b'"\\u200b\\u200b"',
    b'"\\u3164"',
    b'"\\u202eevil"',
    b'"\\r"',
    b'"a\\nb"',
    '"٣m"'.encode(),
    '"３m"'.encode(),
    '"1ſ"'.encode(),
    b'"-"',
    b'"+"',
    b'"+-5s"',
    b'"--30s"',
    b'"start"',
    b'"end"',
    b'"+99h"',
    b'"-99h"',
    b'"99999999999999999999999999999999999999h"',
    b'"1h 1h 1h 1h 1h 1h 1h 1h 1h 1h 1h 1h 1h"',
    b'"0.0000000001s"',
    b'"3 minutes"',
    b'"yes"',
    b'"1"',
    b"'literal'",
    b'"""\nspread\nover lines\n"""',
    b'"' + b"x" * 5000 + b'"',
    '"Ünïcödé ✓ 🧘"'.encode(),
)

# Inserted into quoted text: invisible, controlling or confusing characters, written as TOML escapes or raw.
NASTY_TEXT: tuple[bytes, ...] = (
    b"\\u200b",
    b"\\u200d",
    b"\\ufeff",
    b"\\u0000",
    b"\\u001b[2J",
    b"\\u0007",
    b"\\u009b",
    b"\\r",
    b"\\t",
    b"\\n",
    b"\\u202e",
    b"\\u0301\\u0301",
    "\u3164".encode(),
    "٣".encode(),
    "🧘".encode(),
    b"\\",
    b'\\"',
    b'"',
    b"'''",
    b'"""',
)

KEYS = (
    b"durtion",
    b"Duration",
    b"open_ended",
    b"round",
    b"bell",
    b"at",
    b"format",
    b"id",
    b"kind",
    b"x" * 200,
)
HEADERS = (
    b"[[steps]]",
    b"[[steps.cues]]",
    b"[debrief]",
    b"[[debrief.prompts]]",
    b"[steps]",
    b"[[steps.roles]]",
)


@cache
def builtins() -> tuple[bytes, ...]:
    """The shipped scripts' bytes, as the seeds of every mutation."""
    from mindful_listening.core.library import resource

    folder = resource("scripts")
    return tuple(
        e.read_bytes() for e in sorted(folder.iterdir(), key=lambda e: e.name) if e.name.endswith(".toml")
    )


# Mutations -------------------------------------------------------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _insert_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 16)) + data[at:]


def _cut(data: bytes, rng: random.Random) -> bytes:
    start = rng.randint(0, len(data))
    return data[:start] + data[start + rng.randint(1, 200) :] if rng.random() < 0.7 else data[:start]


def _drop_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def _double_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines[at:at] = [lines[at]] * rng.randint(1, 3)
    return b"\n".join(lines)


def _swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def _odd_value(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    settings = [i for i, line in enumerate(lines) if b" = " in line and not line.lstrip().startswith(b"#")]
    if not settings:
        return data
    at = rng.choice(settings)
    key = lines[at].split(b" = ", 1)[0]
    lines[at] = key + b" = " + rng.choice(ODD_VALUES)
    return b"\n".join(lines)


def _nasty_text(data: bytes, rng: random.Random) -> bytes:
    quotes = [i for i in range(len(data)) if data[i : i + 1] == b'"']
    if not quotes:
        return data
    at = rng.choice(quotes) + 1
    return data[:at] + rng.choice(NASTY_TEXT) * rng.randint(1, 3) + data[at:]


def _odd_key(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines.insert(at, rng.choice(KEYS) + b" = " + rng.choice(ODD_VALUES))
    return b"\n".join(lines)


def _odd_header(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(HEADERS))
    return b"\n".join(lines)


def _repeat_steps(data: bytes, rng: random.Random) -> bytes:
    start = data.find(b"[[steps]]")
    if start < 0:
        return data
    end = data.find(b"[[steps]]", start + 1)
    block = data[start : end if end > 0 else len(data)]
    return data + b"\n" + block * rng.choice((2, 10, 60, 250))


def _bom_or_encoding(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return b"\xef\xbb\xbf" + data
    text = data.decode("utf-8", errors="replace")
    return text.encode(("utf-16", "utf-16-le", "utf-32")[choice - 1])


def _crlf(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r\n") if rng.random() < 0.8 else data.replace(b"\n", b"\r")


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _flip_bytes,
    _insert_bytes,
    _cut,
    _drop_line,
    _double_line,
    _swap_lines,
    _odd_value,
    _odd_value,
    _odd_value,
    _nasty_text,
    _nasty_text,
    _odd_key,
    _odd_header,
    _repeat_steps,
    _bom_or_encoding,
    _crlf,
)


def mutation(rng: random.Random) -> Case:
    """A built-in with one to four changes."""
    data = rng.choice(builtins())
    names = []
    for _ in range(rng.randint(1, 4)):
        change = rng.choice(MUTATIONS)
        names.append(change.__name__.strip("_"))
        if data:
            data = change(data, rng)
    return "mutation:" + "+".join(names), data


# Random bytes ----------------------------------------------------------------------------------------------


def random_bytes(rng: random.Random) -> Case:
    body = rng.randbytes(rng.choice((1, 16, 200, 4000)))
    if rng.random() < 0.5:
        body = b'id = "x"\n[[steps]]\n' + body
    return "random", body


# Huge and deep ---------------------------------------------------------------------------------------------


SIZES = (1_000, 10_000, 100_000, 400_000)


def _huge_cases(rng: random.Random, sizes: tuple[int, ...]) -> list[tuple[str, Callable[[], bytes]]]:
    n = rng.choice(sizes)
    base = rng.choice(builtins())
    at = base.find(b'"""') + 3 if b'"""' in base else 0
    return [
        ("long-line", lambda: base[:at] + b"\n" + b" " * n + b"\n" + base[at:]),
        ("bracket-spaces", lambda: base[:at] + b"\n[" + b" " * min(n, 19_000) + b"\n" + base[at:]),
        ("long-string", lambda: b'purpose = """' + (b"x" * 500 + b"\n") * (n // 500 + 1) + b'"""\n'),
        ("deep-brackets", lambda: b"a = " + b"[" * (n // 10) + b"]" * (n // 10)),
        ("deep-tables", lambda: b"a = " + b"{ b = " * (n // 20) + b"1" + b" }" * (n // 20)),
        ("deep-key", lambda: b"[" + b"a." * (n // 10) + b"b]\n"),
        ("deep-dotted", lambda: b"a." * (n // 10) + b"b = 1\n"),
        (
            "many-steps",
            lambda: base + (b'\n[[steps]]\nkind = "pause"\ntitle = "p"\nduration = "1s"') * (n // 50),
        ),
        ("many-cues", lambda: base + (b'\n[[steps.cues]]\ntext = "c"') * (n // 30)),
        ("many-typos", lambda: b"".join(b"k%d = 1\n" % i for i in range(n // 10))),
        ("many-inline", lambda: b"steps = [" + b'{ kind = "pause" },' * (n // 20) + b"]\n"),
        ("many-errors", lambda: b"".join(b'[[steps]]\nkind = "x"\n' for _ in range(min(n // 20, 190)))),
        ("limit-size", lambda: b"# " + b"x" * 999_000 + b"\n" + base),
        ("over-size", lambda: b"x" * 1_000_001),
    ]


def huge(rng: random.Random, sizes: tuple[int, ...] = SIZES) -> Case:
    """A huge or deep input; ``sizes`` are the lengths to draw from (the limit-size cases are 1 MB anyway)."""
    name, make = rng.choice(_huge_cases(rng, sizes))
    data = make()
    return f"huge:{name}:{len(data)}", data[:1_100_000]


# The corpus ------------------------------------------------------------------------------------------------


def case(rng: random.Random, huge_share: float = 0.04) -> Case:
    """One case: mostly mutations, some random bytes, a few huge or deep inputs (``huge_share`` of them)."""
    roll = rng.random()
    if roll < huge_share:
        return huge(rng)
    if roll < huge_share + 0.1:
        return random_bytes(rng)
    return mutation(rng)


def corpus(seed: int, count: int, huge_share: float = 0.04) -> Iterator[Case]:
    rng = random.Random(seed)
    for _ in range(count):
        yield case(rng, huge_share)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a corpus of odd and hostile script files.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=2300)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    for number, (name, data) in enumerate(corpus(args.seed, args.count)):
        kind = name.split(":", 1)[0]
        (args.folder / f"{number:05d}-{kind}.toml").write_bytes(data)
    print(f"{args.count} files in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
