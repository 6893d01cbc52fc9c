"""The console script. `fscli --version` answers before Typer is even imported."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from fscli import __version__
        from fscli.store.schema import HEAD

        print(f"fscli {__version__} (schema {HEAD})")
        return
    from fscli.cli.app import main as run

    run()
