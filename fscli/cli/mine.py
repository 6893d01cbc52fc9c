"""Who --mine means, apart from Typer's options (cli/options.py) so a fast read view (cli/fast.py) needs no Typer."""

from __future__ import annotations

from typing import Optional


def worker_meant(mine: bool, my_name: Optional[str], worker: Optional[str] = None) -> Optional[str]:
    """The worker a listing is narrowed to: --worker as typed, your own name with --mine, else None.

    `my_name` is the settings' worker (FSCLI_WORKER or the config file)."""
    from fscli.errors import InvalidInput

    if not mine:
        return worker
    if worker:
        raise InvalidInput("--mine", None, "cannot be used with --worker", hint="use one of them")
    if not my_name:
        from fscli.cli.context import LOGIN_REFUSED

        if LOGIN_REFUSED:  # a team server: the login says who you are, and it is no worker
            raise InvalidInput("--mine", None, f"fscli does not know your name: {LOGIN_REFUSED[0].refusal}", hint=LOGIN_REFUSED[0].hint)
        raise InvalidInput("--mine", None, "fscli does not know your name", hint="set FSCLI_WORKER, or 'worker = \"Your Name\"' in the config file")
    return my_name
