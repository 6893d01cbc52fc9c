"""Tab completion of values from the caseload and the code sets (Typer's --install-completion).

A completion runs on every TAB, so it stays cheap: case references come from one query
(reports/completion.py), the code sets from memory. It never prints an error: a shell would show
it as a completion. Case references complete with the family name beside them, on the worker's
own terminal only.
"""

from __future__ import annotations


def case_refs(incomplete: str) -> list[tuple[str, str]]:
    try:
        from fscli.cli.context import AppContext
        from fscli.reports.completion import case_refs as matching

        return AppContext().read(lambda reader: matching(reader, incomplete))
    except Exception:  # no database yet, a locked one, a bad setting: no suggestions, never a traceback
        return []


def codes_of(set_name: str):
    def complete(incomplete: str) -> list[tuple[str, str]]:
        from fscli.domain.codes import CODE_SETS

        wanted = incomplete.upper()
        lower = incomplete != "" and incomplete == incomplete.lower()  # codes are read in any case: offer them as typed
        return [(c.code.lower() if lower else c.code, c.label) for c in CODE_SETS[set_name].current() if c.code.upper().startswith(wanted)]

    return complete
