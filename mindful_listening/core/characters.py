"""Characters: which a script's words may hold, and how any text is shown inside a message.

A TOML string can hold any character through an escape (``"\\u001b[2J"``, ``"\\u0000"``). Text that is said
aloud, shown to the room or printed by ``play`` and ``rehearse`` is checked by :func:`check_plain`: no control
characters (a tab and a line break are fine), and not made only of blank or zero-width characters.

A value echoed back in a problem (a misspelt key, a cue time that is not one, a file name) could carry a line
break that splits the message, or an escape code that clears the screen it is printed on, so everything echoed
goes through :func:`printable` (or :func:`quoted`) first.
"""

from __future__ import annotations

import unicodedata

# Characters that show nothing on their own: blanks, zero-width and direction marks, combining marks alone,
# and the few letters that render as blank (Hangul fillers, the blank Braille pattern).
_BLANK_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_ALLOWED_CONTROLS = frozenset("\n\t")
_WITHOUT_ALLOWED = str.maketrans("", "", "\n\t")


def is_visible(char: str) -> bool:
    """Whether ``char`` leaves a mark on the screen."""
    return not (char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) in _BLANK_CATEGORIES)


def visible_form(text: str) -> str:
    """``text`` without what shows nothing: "A" and "A" with a zero-width space are one label."""
    return "".join(char for char in text if is_visible(char) or char == " ").strip()


def check_plain(value: str) -> str:
    """``value`` if it is text a room can see or hear; else ``ValueError`` saying why, in words.

    Refused: control characters other than a tab or a line break (``NUL``, ``ESC`` and the terminal escape
    codes it starts, a carriage return, ``DEL``, the C1 controls), and text made only of blank or zero-width
    characters. Empty text is left to each field's own rule (required or optional).
    """
    if not value.translate(_WITHOUT_ALLOWED).isprintable():  # the common case, in C: nothing to look for
        for position, char in enumerate(value, start=1):
            if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc":
                raise ValueError(
                    f"this text holds a control character ({printable(char)}, at character {position}), "
                    "which cannot be shown or said: remove it"
                )
    if value and not any(map(is_visible, value)):
        raise ValueError(
            "this text has no visible characters (only blank or zero-width ones): write some words, or leave "
            "it out"
        )
    return value


# Control characters, format characters (zero-width and direction marks), line and paragraph separators,
# private-use, surrogate and unassigned code points: each is written out as an escape instead.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def printable(text: str) -> str:
    """``text`` with every control or invisible character written out (``\\n``, ``\\x1b``, ``\\u200b``)."""
    if text.isprintable():  # the common case, in C
        return text
    out: list[str] = []
    for char in text:
        if char in _NAMED:
            out.append(_NAMED[char])
        elif unicodedata.category(char) in _HIDDEN:
            out.append(_escape(ord(char)))
        else:
            out.append(char)
    return "".join(out)


def _escape(point: int) -> str:
    if point < 0x100:
        return f"\\x{point:02x}"
    if point < 0x10000:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"


def quoted(text: str, limit: int = 40) -> str:
    """``text`` in double quotes for a message, printable, shortened to about ``limit`` characters."""
    shown = printable(text[: limit * 2] if len(text) > limit * 2 else text)
    if len(shown) > limit or len(text) > limit * 2:
        shown = shown[: limit - 3] + "…"
    return f'"{shown}"'
