"""Writing a note in the worker's own editor: $VISUAL, then $EDITOR (Typer has no helper any more).

The draft lives in a 0600 file inside a 0700 folder of the user's state directory and is
removed afterwards, whatever happens; an empty or unchanged draft records nothing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile

from fscli.errors import FscliError, InvalidInput


def template_for(kind: str) -> str:
    """The note template for a visit or meeting type, from <config>/templates/<type>.txt, if any."""
    from fscli.config import config_dir

    path = config_dir() / "templates" / f"{kind}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def write_in_editor(field: str, template: str = "") -> str:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise InvalidInput(field, None, "no text given and no editor set", hint="set VISUAL or EDITOR (a GUI editor needs its --wait flag), or pass '-' to read the text from stdin")
    from fscli.config import state_dir
    from fscli.store.location import private_folder

    folder = state_dir() / "drafts"
    private_folder(folder)
    fd, name = tempfile.mkstemp(prefix="note-", suffix=".txt", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as draft:
            draft.write(template)
        try:
            finished = subprocess.run([*shlex.split(command), name], check=False)
        except FileNotFoundError:
            raise FscliError(f"the editor {command!r} could not be started", hint="check VISUAL or EDITOR") from None
        if finished.returncode != 0:
            raise FscliError(f"the editor exited with status {finished.returncode}: nothing was recorded")
        with open(name, encoding="utf-8") as draft:
            text = draft.read()
    finally:
        os.unlink(name)
    if not text.strip() or text.strip() == template.strip():
        raise InvalidInput(field, None, "the note was left empty or unchanged: nothing was recorded")
    return text


def note_text(value: str | None, field: str, *, template: str = "", required: bool = False) -> str | None:
    """The note from the option, from stdin ('-'), or from the editor when left out on a terminal."""
    if value == "-":
        return sys.stdin.read()
    if value is not None:
        return value
    if sys.stdin.isatty() and sys.stdout.isatty():
        return write_in_editor(field, template)
    if required:
        raise InvalidInput(field, None, "no text given", hint="give the text, or '-' to read it from stdin")
    return None
