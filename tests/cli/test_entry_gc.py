"""The console script holds the garbage collector off while start-up and the command's imports are
made, and the command's work runs with it on and what they made frozen out of its way
(fscli/collector.py)."""

from __future__ import annotations

import gc
import sys

import pytest

from fscli import collector
from fscli.cli import entry, running


@pytest.fixture
def restored():
    """The test process's collector as it was, whatever a test held or froze."""
    yield
    collector._START.clear()
    collector._BLOCKS.clear()
    gc.unfreeze()
    gc.enable()


def test_a_command_starts_held_and_collects_once_it_opens_the_database(monkeypatch, restored):
    seen = {}

    def command(argv, through_typer) -> None:
        seen["at_start"] = gc.isenabled()
        collector.resume()  # what Database does as it opens a connection
        seen["enabled"], seen["frozen"] = gc.isenabled(), gc.get_freeze_count()

    monkeypatch.setattr(running, "run", command)
    monkeypatch.setattr(sys, "argv", ["fscli", "case", "list"])
    entry.main()
    assert seen["at_start"] is False  # Typer, SQLModel and the tables are imported uncollected
    assert seen["enabled"] is True  # a long import or export still collects its own cycles
    assert seen["frozen"] > 0


def test_a_list_made_uncollected_stays_so_when_the_database_opens_inside_it(restored):
    """`fscli due` holds the collector off while it makes its list; the reader it opens inside must
    not turn it back on, and the collector runs again when the list is made."""
    collector.hold()
    with collector.held():
        collector.resume()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_block_held_in_process_leaves_the_collector_as_it_was(restored):
    assert gc.isenabled()
    with collector.held():
        assert not gc.isenabled()
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    collector.resume()  # never held: nothing to resume, nothing frozen
    assert gc.isenabled() and gc.get_freeze_count() == frozen
