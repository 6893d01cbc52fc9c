"""The README never lies about how to set up and test."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest"
DEMO_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/fscli demo"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert TEST_COMMAND in readme and DEMO_COMMAND in readme
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text().splitlines()


def test_the_readme_documents_every_exit_code():
    from fscli.errors import ExitCode

    readme = (ROOT / "README.md").read_text()
    for code in ExitCode:
        assert f"| {int(code)} |" in readme, code


def tutorial_commands() -> list[list[str]]:
    """Every command of the README's 'A first caseload' section, in order."""
    import re
    import shlex

    section = (ROOT / "README.md").read_text().split("## A first caseload", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words:
                commands.append(words)
    return commands


def test_the_readme_tutorial_runs_as_written(cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # the export lands here
    commands = tutorial_commands()
    assert len(commands) >= 15
    for words in commands:
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            monkeypatch.setenv(name, value)
            continue
        assert words[0] == "fscli", words
        result = cli(*words[1:])
        assert result.code == 0, (words, result)


def test_the_export_columns_page_is_the_schema():
    from fscli.store.exporting import table_specs

    page = (ROOT / "docs" / "exports.md").read_text()
    for spec in table_specs().values():
        section = page.split(f"## {spec.name}\n", 1)[1].split("\n## ", 1)[0]
        listed = [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")]
        assert listed == spec.names, spec.name


def _paths_named(page: Path) -> list[str]:
    """Every `path` in backticks that looks like one of the tree's files or folders."""
    import re

    named = re.findall(r"`([A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]*)+)`", page.read_text())
    return [name for name in named if not name.startswith(("http", "~", "FS-")) and "://" not in name]  # FS-0001/2 names a goal


def test_the_architecture_page_names_only_files_that_exist():
    page = ROOT / "docs" / "architecture.md"
    named = _paths_named(page)
    assert len(named) >= 20, named  # the page does name the tree
    assert [name for name in named if not (ROOT / name).exists()] == []
    assert "docs/architecture.md" in (ROOT / "README.md").read_text()  # linked from the developers' section


def test_the_path_check_would_see_a_missing_file(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("See `fscli/store/nowhere.py` and `fscli/cli/app.py`.")
    assert _paths_named(page) == ["fscli/store/nowhere.py", "fscli/cli/app.py"]
