"""``mindful-listening play --help`` says that ``-`` reads the script from standard input (it does: see
tests/core/test_loading_hostile.py, which plays one that way)."""

from __future__ import annotations

import argparse

from mindful_listening.cli import build_parser


def test_play_help_names_standard_input() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    play = sub.choices["play"]
    text = " ".join(play.format_help().split())
    assert "or - to read the script from standard input" in text
