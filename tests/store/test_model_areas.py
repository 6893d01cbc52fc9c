"""The tables are built an area at a time (fscli/store/models.py, issue 27): a write defines only the
SQLModel classes it touches. Each area must bring the areas its foreign keys name, or a flush, a
join or a migration fails with a table SQLAlchemy cannot find; and a write run as its own process,
as a worker runs it, must work with only what it imported. The in-process `cli` fixture cannot show
either: once any test has loaded every table, every later one has them too.
"""

import importlib
import json
import os
import subprocess
import sys

import pytest

from fscli.store import models
from tests.conftest import BACKEND

AREA = "fscli.store.tables."

# What a fresh process imports, printed at its exit: the areas of the models it built and whether
# the PostgreSQL dialect came with them.
DRIVER = """
import atexit, json, os, sys
def said():
    with open(os.environ["LOADED_TO"], "w") as out:
        json.dump({"areas": sorted(m[len("fscli.store.tables."):] for m in sys.modules if m.startswith("fscli.store.tables.")),
                   "postgresql": "sqlalchemy.dialects.postgresql" in sys.modules}, out)
atexit.register(said)
sys.argv = ["fscli", *sys.argv[1:]]
from fscli.cli.entry import main
main()
"""


def run_alone(tmp_path, *args: str) -> dict:
    """Run one fscli command in a process of its own; what it built of the models."""
    loaded = tmp_path / "loaded.json"
    done = subprocess.run([sys.executable, "-c", DRIVER, *args], env={**os.environ, "LOADED_TO": str(loaded)}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (args, done.stderr)
    return json.loads(loaded.read_text())


def test_each_area_holds_the_classes_and_tables_the_index_names():
    from sqlmodel import SQLModel

    for area, classes in models.AREAS.items():
        module = importlib.import_module(AREA + area)
        defined = {name: value.__tablename__ for name, value in vars(module).items() if isinstance(value, type) and issubclass(value, SQLModel) and value.__module__ == module.__name__}
        assert list(defined.items()) == list(classes.items()), area
    assert set(models.load_all().tables) == {table for classes in models.AREAS.values() for table in classes.values()}


@pytest.mark.parametrize("area", list(models.AREAS))
def test_an_area_alone_brings_every_table_its_foreign_keys_name(area):
    check = f"""
import importlib
from sqlmodel import SQLModel
importlib.import_module({AREA + area!r})
for table in SQLModel.metadata.tables.values():
    for key in table.foreign_keys:
        key.column  # resolved against the tables built so far: raises if the area did not bring it
"""
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_everyday_writes_each_in_its_own_process_build_only_their_tables(tmp_path, monkeypatch):
    """A worker's day, each command a process of its own: opening a case builds the case's tables,
    not the statutory, meetings, contacts, restriction or data-protection ones; a child, a visit, a note put right, a plan
    and voiding the visit (through its correction, V2)
    each find the tables their writes and keys need."""
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    opened = run_alone(tmp_path, "case", "open", "Hart family", "--referred", "03/11/2026", "--source", "1A", "--reason", "School worried about Lily")
    assert set(opened["areas"]) <= {"base", "spine", "journey", "ledger"}
    if BACKEND == "sqlite":
        assert not opened["postgresql"]
    run_alone(tmp_path, "person", "add", "FS-0001", "Lily Hart", "--role", "child", "--dob", "14/02/2017")
    run_alone(tmp_path, "visit", "log", "FS-0001", "--type", "home-visit", "--date", "04/11/2026 10am", "--seen", "Lily Hart", "--note", "Lily showed me her room")
    run_alone(tmp_path, "note", "correct", "FS-0001/V1", "--reason", "Wrong words", "--text", "Lily showed me her bedroom")
    run_alone(tmp_path, "case", "plan", "FS-0001", "cin", "--start", "04/11/2026", "--child", "Lily Hart")
    run_alone(tmp_path, "void", "FS-0001/V2", "--reason", "Typed on the wrong case")  # the correction, and V1 with it
