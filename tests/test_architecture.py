"""The shape of the code: layer rules, lean start-up, commands that document themselves."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_layer_rules_hold():
    from importlinter.cli import lint_imports

    os.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["case", "list"], ["case", "show", "FS-0001"], ["config", "show"]])
def test_help_and_read_commands_never_import_the_orm(args, db_path):
    from tests.factories import family  # noqa: F401

    # Said at exit: the console script ends the process itself once the command is done (cli/entry.py).
    probe = (
        "import atexit, sys, runpy\n"
        f"sys.argv = ['fscli', *{args!r}]\n"
        "def said():\n"
        "    heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'alembic') if m in sys.modules]\n"
        "    sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')\n"
        "atexit.register(said)\n"
        "runpy.run_module('fscli', run_name='__main__')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert "HEAVY=\n" in result.stderr, result.stderr


def _commands(group=None, prefix=()):
    """Every command, as (path, Click command): the lazy groups build each one as it is asked for."""
    from typer._click import Context
    from typer.main import get_command

    if group is None:
        from fscli.cli.app import app

        group = get_command(app)
    context = Context(group)
    for name in group.list_commands(context):
        sub = group.get_command(context, name)
        if hasattr(sub, "list_commands"):
            yield from _commands(sub, (*prefix, name))
        else:
            yield (*prefix, name), sub


def test_every_command_has_help_with_an_example_and_a_readme_mention():
    readme = (ROOT / "README.md").read_text()
    missing = []
    for path, command in _commands():
        text = command.help or ""
        if "Example: fscli " not in text:
            missing.append(("example", " ".join(path)))
        if f"fscli {' '.join(path)}" not in readme:
            missing.append(("readme", " ".join(path)))
    assert missing == []


# A secret typed as an option stays in the shell's history and in `ps`: none may be asked for that way.
SECRET_WORDS = ("password", "passphrase", "secret", "token", "key")
NOT_SECRETS = {"idempotency_key", "new_key_file"}  # a script's name for one write; the path of a private file (its content is the secret)


def _names_a_secret(name: str) -> bool:
    return name not in NOT_SECRETS and any(word in name for word in SECRET_WORDS)


def test_no_option_takes_a_secret():
    from typer.main import get_command

    from fscli.cli.app import app

    root = get_command(app)
    every = [(("fscli",), root), *_commands(root)]  # the root callback's own options too
    found = [(" ".join(path), param.name) for path, command in every for param in command.params if _names_a_secret(param.name or "")]
    assert found == []


def test_the_secret_check_would_see_one():
    assert _names_a_secret("passphrase") and _names_a_secret("api_key") and not _names_a_secret("idempotency_key")


def _import_cycles(graph) -> list[list[str]]:
    """Every set of modules that import one another round a circle (Tarjan's strongly connected
    components), counting imports inside functions too: a lazy import still ties two modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in graph.modules:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            circle = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                circle.append(member)
                if member == module:
                    break
            if len(circle) > 1 or module in graph.find_modules_directly_imported_by(module):
                cycles.append(sorted(circle))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_of_fscli_imports_itself_round_a_circle():
    import grimp

    graph = grimp.build_graph("fscli")
    assert _import_cycles(graph) == []


def test_the_circle_check_would_see_one():
    import grimp

    graph = grimp.ImportGraph()
    for module in ("a", "a.b", "a.c", "a.d"):
        graph.add_module(module)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.b")
    graph.add_import(importer="a.c", imported="a.d")
    assert _import_cycles(graph) == [["a.b", "a.c"]]
