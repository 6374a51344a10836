"""Records never leave the machine: a tour of the store, the keeper, every export and every CLI command
opens no socket (the autouse ``no_network`` fixture fails any test that tries) and loads no Qt networking."""

from __future__ import annotations

import io
import socket
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mindful_listening.cli import main
from mindful_listening.core.record import SessionRecord
from mindful_listening.storage.export import FORMATS, write_export
from mindful_listening.storage.keeper import RecordKeeper
from mindful_listening.storage.store import Query, RecordStore

RecordFactory = Callable[..., SessionRecord]


def test_the_guard_catches_a_socket(no_network: list[str]) -> None:
    with pytest.raises(AssertionError, match="network socket"):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(AssertionError, match="network socket"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(no_network) == 2
    no_network.clear()  # these two were the test's own


def test_a_full_tour_opens_no_socket(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, make_record: RecordFactory, no_network: list[str]
) -> None:
    network_module_loaded_before = "PySide6.QtNetwork" in sys.modules
    record = make_record(["Offline, as it should be."])
    keeper = RecordKeeper(data_dir, debounce_ms=10)
    try:
        with qtbot.wait_signal(keeper.saved, timeout=5000):
            keeper.save(record)
    finally:
        keeper.close()
    with RecordStore.open(data_dir) as store:
        assert store.count(Query(text="offline")) == 1
    for fmt in FORMATS:
        write_export([record], tmp_path / f"tour.{fmt}", fmt)
    for argv in (
        ["list"],
        ["list", "--json"],
        ["show", record.id],
        ["export", record.id, "-o", str(tmp_path / "cli.pdf")],
        ["import", str(tmp_path / "tour.json")],
        ["delete", record.id],
    ):
        assert main(["sessions", *argv], io.StringIO()) == 0, argv
    assert no_network == []
    if not network_module_loaded_before:  # other parts of the suite may load it; this tour must not
        assert "PySide6.QtNetwork" not in sys.modules
