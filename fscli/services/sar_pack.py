"""The subject access pack on disk: index.html, items.csv, items.json, third_parties.csv and
manifest.json, written into a private staging folder and moved into place whole, as an export is
(services/export.py, whose staging, hashing and moving this reuses).

The folder must be new, or empty: a pack is never written over another one."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from types import TracebackType

from fscli import __version__
from fscli.errors import CannotCreate
from fscli.services.export import _move_into_place, _Sink, _staging_name, refuse_link, sweep_stale, writable_parent
from fscli.store.location import fsync_folder

ITEM_COLUMNS = ("section", "ref", "record", "on_date", "what", "text", "status", "third_parties")
THIRD_PARTY_COLUMNS = ("section", "ref", "record", "on_date", "what", "names")


class Folder:
    """The pack's folder: checked before anything is read, written in staging, moved into place
    when the block ends cleanly (after the request's transaction commits), removed otherwise."""

    def __init__(self, out: Path) -> None:
        refuse_link(out)
        if out.exists() and not out.is_dir():
            raise CannotCreate(f"--out {out}: is a file, not a folder", hint="give a new folder's name")
        if out.is_dir() and any(out.iterdir()):
            raise CannotCreate(f"--out {out}: is a folder that is not empty", hint="give a new folder (or an empty one): a pack is never written over another")
        self.empty = out.is_dir()
        self.destination = writable_parent(out)
        sweep_stale(self.destination)
        self.staging = self.destination.parent / f"{_staging_name(self.destination.name, 'partial')}-{os.getpid()}"
        self.sha256: str | None = None

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        try:
            if kind is None and self.sha256 is not None:
                _move_into_place(self.staging, self.destination, replace=self.empty)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def write(self, pack: dict, html: str) -> str:
        """Write the files into staging; the SHA-256 of the manifest (which holds every file's)."""
        os.mkdir(self.staging, 0o700)
        files: dict[str, str] = {}
        for name, text in (("index.html", html), ("items.csv", _csv(ITEM_COLUMNS, pack["items"])), ("items.json", json.dumps(pack, indent=2, ensure_ascii=False, default=str) + "\n"),
                           ("third_parties.csv", _csv(THIRD_PARTY_COLUMNS, pack["third_parties"]))):  # fmt: skip
            files[name] = _write(self.staging / name, text)
        manifest = {"fscli_version": __version__, "kind": "subject access pack", "subject": pack["subject"], "written_at": pack["written_at"], "scope": pack["scope"],
                    "items": len(pack["items"]), "third_party_items": len(pack["third_parties"]), "files": files}  # fmt: skip
        self.sha256 = _write(self.staging / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        fsync_folder(self.staging)
        return self.sha256


def _write(path: Path, text: str) -> str:
    sink = _Sink(path)
    try:
        sink.write(text)
    finally:
        digest = sink.close()
    return digest


def _csv(columns: tuple[str, ...], rows: list[dict]) -> str:
    """CSV with every cell that a spreadsheet would run as a formula quoted as text."""
    from fscli.visible import spreadsheet_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_cell(_cell(row.get(c))) for c in columns])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


_STYLE = """
body { font-family: Georgia, serif; max-width: 60em; margin: 2em auto; color: #111; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; } .flag { font-weight: bold; } .status { font-style: italic; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
"""


def html_page(pack: dict) -> str:
    """The readable, print-ready pack: plain HTML and CSS, every value escaped (html.escape), no script."""
    from html import escape

    def cell(value: object) -> str:
        return escape(_cell(value)).replace("\n", "<br>")

    def table(columns: tuple[tuple[str, str], ...], rows: list[dict]) -> str:
        if not rows:
            return "<p>None held.</p>"
        head = "".join(f"<th>{escape(label)}</th>" for _, label in columns)
        body = "".join("<tr>" + "".join(f"<td>{cell(row.get(key))}</td>" for key, _ in columns) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    parts = [f"<h1>Subject access pack: {escape(pack['subject'])}</h1>",
             f"<p>Written {escape(pack['written_at'].removesuffix('+00:00'))} UTC. {escape(pack['scope'])}</p>",
             f"<p>{len(pack['items'])} items; <span class=\"flag\">{len(pack['third_parties'])} name other people and are listed for redaction review</span> "
             "(third_parties.csv): review them before the pack is sent. Names of staff acting in their role are not listed.</p>",
             "<h2>Where they appear</h2>", table((("ref", "Case"), ("record", "Record"), ("name", "Name"), ("dob", "Date of birth")), pack["appearances"])]  # fmt: skip
    if pack["possible_matches"]:
        parts += ["<h2>Possible matches: for review, not included</h2>", table((("ref", "Case"), ("record", "Record"), ("name", "Name"), ("dob", "Date of birth"), ("why", "Why")), pack["possible_matches"])]
    sections: dict[str, list[dict]] = {}
    for item in pack["items"]:
        sections.setdefault(item["section"], []).append(item)
    for section, items in sections.items():
        parts += [f"<h2>{escape(section.capitalize())}</h2>",
                  table((("ref", "Case"), ("record", "Record"), ("on_date", "Date"), ("what", "What"), ("text", "Text"), ("status", "Status"), ("third_parties", "Names others: review")), items)]  # fmt: skip
    # An empty access log on a worker's own file is no proof that no one looked: it may be off there.
    viewed = table((("at", "When (UTC)"), ("worker", "Worker"), ("login", "Login"), ("view", "View"), ("ref", "Case")), pack["access"]) if pack["access"] else (
        "<p>None logged. On a caseload kept in a SQLite file the access log is off unless its setting access_log is on "
        "(README: the access log), so this does not show that no one looked; on a team's server every view is logged.</p>")
    parts += ["<h2>Who viewed these records</h2>", viewed,
              "<h2>Who changed these records</h2>", table((("at", "When (UTC)"), ("worker", "Worker"), ("login", "Login"), ("action", "Action"), ("record", "Record"), ("ref", "Case"), ("fields", "Fields")), pack["changes"])]  # fmt: skip
    title = escape(f"Subject access pack: {pack['subject']}")
    return f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n' + "\n".join(parts) + "\n</body>\n</html>\n"
