"""--color's values, apart from Typer's options (cli/options.py) so a fast read view (cli/fast.py) needs no Typer."""

from enum import Enum


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"
