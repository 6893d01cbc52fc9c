"""Teams, the logins of workers, and restricted cases (issue 23 §2): what may be recorded.

Only a team's server enforces who sees what (store/server_rules.py); on SQLite the same records
are kept, shown by `case show` and carried by export and import, so a caseload moved onto a
server arrives with its teams and restrictions.
"""

from __future__ import annotations

import re

from fscli.domain.problems import Problem
from fscli.domain.text import NAME_MAX, TEXT_MAX, clean

# A PostgreSQL login as session_user spells it (an unquoted role name, or the usual e-mail form).
LOGIN = re.compile(r"^[a-z_][a-z0-9_.@$-]{0,62}$")
MANAGER, MEMBER = "manager", "member"


def team_name(value: str, field: str = "TEAM") -> tuple[str, list[Problem]]:
    return clean(value, field, max_len=NAME_MAX)


def login_problems(login: str) -> list[Problem]:
    if LOGIN.match(login):
        return []
    return [Problem("--login", login, "is not a database login: lower-case letters, digits and _ . @ $ -, starting with a letter or _", "give the name the worker logs in to the server with, e.g. sam.okafor")]


def restriction_problems(to: list[str], reason: str) -> tuple[list[str], str, list[Problem]]:
    """The workers named (each cleaned, none twice) and the reason; every problem at once."""
    problems: list[Problem] = []
    names: list[str] = []
    for part in to:
        name, found = clean(part, "--to")
        problems += found
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    if not to or not any(p.strip() for p in to):
        problems.append(Problem("--to", None, "must name at least one worker", "name the workers who may see the case, e.g. --to \"Priya Shah\""))
    text, found = clean(reason, "--reason", max_len=TEXT_MAX)
    problems += found
    return names, text, problems


def holders_left_out(named: list[str], holders: list[str]) -> list[str]:
    """The case's current holders a restriction does not name: on a server it leaves their lists
    (due, case list, summary) while they still hold it."""
    seen = {name.casefold() for name in named}
    return [holder for holder in dict.fromkeys(holders) if holder.casefold() not in seen]


def restriction_holder_problems(ref: str, left_out: list[str], *, hide: bool) -> list[Problem]:
    """A restriction that would take the case from its holders unasked: a manager most often
    forgot them; when it is meant (the allegation is about them), they say so with --hide-from-holders."""
    if not left_out or hide:
        return []
    who = ", ".join(left_out)
    return [Problem("--to", None, f"leaves out {who}, who {'holds' if len(left_out) == 1 else 'hold'} {ref} now: the case would leave their lists",
                    f"add them to --to, or give --hide-from-holders if they must not see it (then reallocate it)")]


def team_for_new_case(asked: str | None, opener_teams: list[str]) -> tuple[str | None, list[Problem]]:
    """The team a case opened now belongs to: --team, else the opener's one team; a worker in
    several teams says which."""
    if asked is not None:
        return asked, []
    if len(opener_teams) == 1:
        return opener_teams[0], []
    if not opener_teams:
        return None, []
    return None, [Problem("--team", None, f"you are in {len(opener_teams)} teams ({', '.join(opener_teams)}): say which team's case it is", "add --team TEAM")]


def unseen_new_case(team: str | None, holder: str | None, *, seen_by_rows: bool) -> list[Problem]:
    """On a team's server a worker sees a case of their teams or one they hold: a case opened
    with neither would vanish from its opener at commit, and be no one's. `seen_by_rows`: this
    login sees only what row security shows it (not the database's owner)."""
    if not seen_by_rows or team is not None or holder:
        return []
    return [Problem("--team", None, "you are in no team and the case would be allocated to no one: on this server no worker would see it once opened",
                    "add --worker \"Your Name\" to hold it, or --team TEAM (the owner adds you to a team: fscli worker add NAME --team TEAM)")]
