"""Options shared by many commands behave the same in each (cli/options.py)."""

import pytest

from tests.factories import fails, ok, open_case

# Every command that narrows a listing with --mine; the test below finds them all, so a new one is added here.
WITH_MINE = [("case", "list"), ("task", "list"), ("due",), ("reviews",), ("closures",), ("week",)]
WITH_MINE_AND_WORKER = [c for c in WITH_MINE if c not in (("task", "list"), ("week",))]
DOES_NOT_KNOW = "fscli: error: --mine: fscli does not know your name; set FSCLI_WORKER, or 'worker = \"Your Name\"' in the config file\n"


def test_every_command_with_mine_is_listed_here():
    from tests.test_architecture import _commands

    found = {path for path, command in _commands() if any("--mine" in p.opts for p in command.params)}
    assert found == set(WITH_MINE)


@pytest.mark.parametrize("command", WITH_MINE, ids=" ".join)
def test_mine_is_refused_the_same_way_when_fscli_does_not_know_your_name(cli, command):
    assert fails(cli, *command, "--mine").err == DOES_NOT_KNOW


@pytest.mark.parametrize("command", WITH_MINE_AND_WORKER, ids=" ".join)
def test_mine_and_worker_together_are_refused_the_same_way(cli, monkeypatch, command):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    assert fails(cli, *command, "--mine", "--worker", "Sam Okafor").err == "fscli: error: --mine: cannot be used with --worker; use one of them\n"


@pytest.mark.parametrize("command", WITH_MINE, ids=" ".join)
def test_mine_reads_your_name_from_the_config_file_too(cli, monkeypatch, tmp_path, command):
    config = tmp_path / "fscli.toml"
    config.write_text('worker = "Sam Okafor"\n')
    monkeypatch.setenv("FSCLI_CONFIG", str(config))
    open_case(cli, worker="Sam Okafor")
    ok(cli, *command, "--mine")
