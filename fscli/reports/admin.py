"""Views of the tool itself: code sets, settings, and what is in the database."""

from __future__ import annotations

from fscli.config import KNOWN, Settings
from fscli.domain.codes import CODE_SETS
from fscli.errors import InvalidInput
from fscli.reports.spec import Column, Page, Report
from fscli.store.db import Database
from fscli.store.location import masked
from fscli.store.schema import HEAD, ROW_COUNTS_SQL

CODE_COLUMNS = [Column("set", "Set"), Column("code", "Code", "code"), Column("label", "Meaning"), Column("valid", "Valid")]


def codes_report(name: str | None) -> Report:
    if name is None:
        sets = list(CODE_SETS.values())
        rows = [{"set": s.name, "code": str(len(s.codes)), "label": s.title, "valid": s.source} for s in sets]
        return Report("Code sets (fscli codes NAME lists one)", [Column("set", "Set"), Column("code", "Codes"), Column("label", "What"), Column("valid", "Source")], rows)
    code_set = CODE_SETS.get(name.strip().lower())
    if code_set is None:
        raise InvalidInput("SET", name, "is not a code set", hint=f"choose from: {', '.join(CODE_SETS)}")
    rows = [{"set": code_set.name, "code": c.code, "label": c.label, "valid": c.note()} for c in code_set.codes]
    return Report(f"{code_set.title} codes ({code_set.source})", CODE_COLUMNS, rows)


def _setting_shown(key: str, value: object) -> str:
    """A setting as config show prints it: a database URL with any password in it masked."""
    if value is None:
        return ""
    return masked(str(value)) if key == "db" else str(value)


def config_report(settings: Settings) -> Report:
    rows = [{"setting": key, "value": _setting_shown(key, settings.get(key)), "source": settings.values[key].source, "environment": env, "meaning": meaning} for key, (env, meaning) in KNOWN.items()]
    columns = [Column("setting", "Setting"), Column("value", "Value"), Column("source", "From"), Column("environment", "Variable"), Column("meaning", "Meaning")]
    return Report(f"Settings (config file: {settings.config_file})", columns, rows)


def db_info(db: Database) -> Page:
    with db.reader(check_schema=False) as reader:
        revision = db.revision(reader)
        counts = {row["name"]: row["n"] for row in reader.rows(ROW_COUNTS_SQL)} if revision else {}
        journal = reader.scalar("PRAGMA journal_mode") if reader.kind == "sqlite" else None
        server = reader.scalar("SHOW server_version") if reader.kind == "postgresql" else None
    facts = [
        (Column("location", "Database"), db.location.shown),
        (Column("backend", "Backend"), db.location.kind),
        (Column("schema", "Schema revision"), revision or "none (run 'fscli init')"),
        (Column("newest_schema", "Newest schema"), HEAD),
    ]
    if db.location.is_sqlite:
        size = sum(p.stat().st_size for p in (db.path, db.path.with_name(db.path.name + "-wal")) if p.exists())
        from fscli.store.check import privacy_warning

        exposed = privacy_warning(db)
        facts += [
            (Column("size_bytes", "Size (bytes)", "int"), size),
            (Column("journal_mode", "Journal mode"), journal),
            (Column("encrypted", "Encrypted"), "yes (SQLCipher 4)" if db.encrypted else "no ('fscli db encrypt' encrypts it)"),
            (Column("private", "Readable by"), "you only" if exposed is None else f"others too: {exposed}"),
        ]
    else:
        facts += [(Column("server_version", "PostgreSQL"), server), (Column("database", "Database name"), db.location.database_name)]
    rows = [{"table": t, "rows": n} for t, n in counts.items() if n is not None]
    return Page("fscli database", facts, [("tables", Report("Rows per table", [Column("table", "Table"), Column("rows", "Rows", "int")], rows))])
