"""Annex A on the team server holds what the login may see (issue 25, Annex A).

Sam (North) sees his own case and not Priya's, which is restricted to her, nor Ola's (South); the
data protection officer, in the oversight role, sees every case.
"""

import pytest

from tests.store.test_team_server import fscli, server  # noqa: F401 - the server as the README sets it up

pytestmark = pytest.mark.postgresql_only(reason="row security is the server's")


def _workers(path) -> list[str]:
    import openpyxl

    sheet = openpyxl.load_workbook(path)["List 3 Referrals"]
    return sorted(row[-1] for row in sheet.iter_rows(min_row=2, values_only=True))


def test_a_workers_return_holds_only_the_cases_their_login_may_see(server, tmp_path):  # noqa: F811
    code, _, err = fscli("return", "annex-a", "--out", str(tmp_path / "sam.xlsx"), login="sam")
    assert code == 0, err
    assert _workers(tmp_path / "sam.xlsx") == ["Sam Okafor"]
    code, _, err = fscli("return", "annex-a", "--out", str(tmp_path / "dpo.xlsx"), login="dpo")
    assert code == 0, err
    assert _workers(tmp_path / "dpo.xlsx") == ["Ola Bank", "Priya Shah", "Sam Okafor"]
    code, out, err = fscli("audit", "FS-0001", "--views", "--format", "tsv", login="dpo")
    assert code == 0 and "return.annex-a" in out, err
