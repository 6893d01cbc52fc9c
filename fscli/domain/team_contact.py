"""How a family reaches the team: the `[contact]` table of the practice profile.

fscli keeps no telephone or email for a worker (a worker's own mobile is not what families are
given); a team gives families its number, its hours and the out-of-hours emergency duty service.
The team's profile file (or the config file) says them once, and the family's plan on a page
prints them beside their worker, so "how to reach them" is never "ask your worker".

    [contact]
    name = "North locality family support team"
    phone = "01632 960000"
    email = "northfamilies@example.gov.uk"
    hours = "Monday to Friday, 9am to 5pm"
    out_of_hours = "Emergency duty team 01632 960999 (evenings, weekends, bank holidays)"
"""

from __future__ import annotations

from fscli.domain.problems import Problem

KEYS = {
    "name": "the team as families know it",
    "phone": "the team's telephone number",
    "email": "the team's email address",
    "hours": "when the telephone is answered",
    "out_of_hours": "who to call when the team is closed (the emergency duty team)",
}
LONGEST = 200


def read_contact(table: object, source: str) -> tuple[dict[str, str], list[Problem]]:
    """The [contact] table's entries, each one line of printable text; problems name the key."""
    if not isinstance(table, dict):
        return {}, [Problem(f"{source}: [contact]", table, "must be a table", 'write [contact] on its own line, then name = "...", phone = "..."')]
    found, problems = {}, []
    for key, value in table.items():
        field = f"{source}: [contact] {key}"
        if key not in KEYS:
            problems.append(Problem(field, key, "is not a setting here", f"use {', '.join(KEYS)}"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(field, value, "must be text in quotes", f'e.g. {key} = "..."'))
        elif len(value) > LONGEST or not value.isprintable():
            problems.append(Problem(field, value, f"must be one line of at most {LONGEST} characters, with no control characters", "shorten it or type it again"))
        else:
            found[key] = value.strip()
    return found, problems


def reach_the_team(contact: dict[str, str]) -> str | None:
    """How a family reaches their worker, in their words: through the team's number and email,
    with its hours; None when the profile gives neither a number nor an email."""
    ways = [contact[k] for k in ("phone", "email") if k in contact]
    if not ways:
        return None
    team = contact.get("name", "the team")
    said = f"Call or write to {team}: {' or '.join(ways)}" if len(ways) == 2 else f"{'Call' if 'phone' in contact else 'Write to'} {team}: {ways[0]}"
    return said + (f" ({contact['hours']})" if "hours" in contact else "")
