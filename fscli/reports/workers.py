"""The workers of a caseload (`fscli worker list`): their login, teams, whether they manage one, and
on a team's server whether their login can use fscli now, and the logins that have no worker yet."""

from __future__ import annotations

from fscli.reports.spec import Column, Report
from fscli.store.db import Reader

WORKER_COLUMNS = [
    Column("worker", "Worker"),
    Column("login", "Login", kind="code"),
    Column("teams", "Teams"),
    Column("manager", "Manager"),
    Column("oversight", "Oversight"),
    Column("active", "Active"),
]

# What the server says of each login named by a worker, or a member of the team or oversight role
# (pg_roles is readable by every login): whether it exists, may log in, and is in either role.
LOGINS_SQL = """
SELECT r.rolname AS login, r.rolcanlogin AND (r.rolvaliduntil IS NULL OR r.rolvaliduntil > now()) AS can_log_in,
       pg_has_role(r.oid, t.oid, 'MEMBER') AS in_team, pg_has_role(r.oid, o.oid, 'MEMBER') AS in_oversight
  FROM pg_roles r
  LEFT JOIN pg_roles t ON t.rolname = :team
  LEFT JOIN pg_roles o ON o.rolname = :oversight
 WHERE r.rolname IN (SELECT login FROM worker WHERE login IS NOT NULL)
    OR (r.rolcanlogin AND NOT r.rolsuper AND (pg_has_role(r.oid, t.oid, 'MEMBER') OR pg_has_role(r.oid, o.oid, 'MEMBER')))
"""


def _active(login: str | None, role: dict | None, team_role: str) -> str:
    """Whether this worker can use fscli on the server now, and if not, why in a few words."""
    if not login:
        return "no: no login (fscli worker add NAME --login LOGIN)"
    if role is None:
        return "no: no such login on the server"
    if not role["can_log_in"]:
        return "no: the login may not log in"
    if not (role["in_team"] or role["in_oversight"]):
        return f"no: not a member of {team_role}"
    return "yes"


def worker_list(reader: Reader, team_role: str, oversight_role: str) -> Report:
    workers = reader.rows("SELECT id, name, login FROM worker ORDER BY name")
    members = reader.rows("SELECT tm.worker_id, tm.role, t.name FROM team_member tm JOIN team t ON t.id = tm.team_id ORDER BY t.name")
    on_server = reader.kind == "postgresql"
    roles = {r["login"]: r for r in reader.rows(LOGINS_SQL, {"team": team_role, "oversight": oversight_role})} if on_server else {}
    rows = []
    for worker in workers:
        mine = [m for m in members if m["worker_id"] == worker["id"]]
        role = roles.get(worker["login"]) if worker["login"] else None
        rows.append({
            "worker": worker["name"],
            "login": worker["login"] or "",
            "teams": ", ".join(m["name"] + (" (manager)" if m["role"] == "manager" else "") for m in mine),
            "manager": "yes" if any(m["role"] == "manager" for m in mine) else "no",
            "oversight": ("yes" if role and role["in_oversight"] else "no") if on_server else "",
            "active": _active(worker["login"], role, team_role) if on_server else "",
        })  # fmt: skip
    named = {w["login"] for w in workers if w["login"]}
    for login in sorted(set(roles) - named):  # a login the DBA made that no worker is yet: it sees nothing
        rows.append({
            "worker": "", "login": login, "teams": "", "manager": "no",
            "oversight": "yes" if roles[login]["in_oversight"] else "no",
            "active": f"no: no worker yet (fscli worker add NAME --login {login})",
        })  # fmt: skip
    report = Report("Workers", WORKER_COLUMNS, rows, empty="No workers yet: fscli worker add NAME")
    return report if on_server else report.hiding("oversight", "active")
