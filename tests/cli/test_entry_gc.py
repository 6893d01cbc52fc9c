"""The console script freezes what start-up imported, and the command still runs with the garbage collector on."""

from __future__ import annotations

import gc
import sys

from fscli.cli import entry, running


def test_a_command_runs_with_the_collector_on_and_start_up_frozen_out_of_its_way(monkeypatch):
    seen = {}

    def command(argv, through_typer) -> None:
        seen["enabled"], seen["frozen"] = gc.isenabled(), gc.get_freeze_count()

    monkeypatch.setattr(running, "run", command)
    monkeypatch.setattr(sys, "argv", ["fscli", "case", "list"])
    try:
        entry.main()
    finally:
        gc.unfreeze()
    assert seen["enabled"] is True  # a long import or export still collects its own cycles
    assert seen["frozen"] > 0
