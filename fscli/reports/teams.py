"""Teams and their members (`fscli team list`), and a case's team and restriction as `case show` tells them."""

from __future__ import annotations

from fscli.reports.spec import Column, Report
from fscli.store.db import Reader

TEAM_COLUMNS = [Column("team", "Team", breaks="name"), Column("managers", "Managers"), Column("members", "Members"), Column("logins", "Logins", in_table=False)]


def team_list(reader: Reader) -> Report:
    teams = reader.rows("SELECT id, name FROM team ORDER BY name")
    members = reader.rows("SELECT tm.team_id, tm.role, w.name, w.login FROM team_member tm JOIN worker w ON w.id = tm.worker_id ORDER BY w.name")
    rows = []
    for team in teams:
        mine = [m for m in members if m["team_id"] == team["id"]]
        rows.append({
            "team": team["name"],
            "managers": ", ".join(m["name"] for m in mine if m["role"] == "manager"),
            "members": ", ".join(m["name"] for m in mine if m["role"] == "member"),
            "logins": ", ".join(f"{m['name']}={m['login']}" for m in mine if m["login"]),
        })  # fmt: skip
    return Report("Teams", TEAM_COLUMNS, rows, empty="No teams yet: fscli team add NAME (as the database's owner on a team server)")


def case_facts(reader: Reader, case_id: int) -> list[tuple[Column, object]]:
    """The case's team, and who alone may see it while it is restricted (each only when there is one)."""
    team = reader.scalar("SELECT t.name FROM case_team ct JOIN team t ON t.id = ct.team_id WHERE ct.case_id = :case_id", {"case_id": case_id})
    facts: list[tuple[Column, object]] = [(Column("team", "Team"), team)] if team else []  # a worker's own file has no teams
    restriction = reader.one("SELECT id, reason FROM restriction WHERE case_id = :case_id AND lifted_at IS NULL", {"case_id": case_id})
    if restriction is not None:
        named = [r["name"] for r in reader.rows("SELECT w.name FROM restriction_worker rw JOIN worker w ON w.id = rw.worker_id WHERE rw.restriction_id = :id ORDER BY w.name", {"id": restriction["id"]})]
        facts += [(Column("restricted_to", "Restricted to"), ", ".join(named)), (Column("restriction_reason", "Restricted because"), restriction["reason"])]
    return facts
