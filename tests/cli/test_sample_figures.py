"""The demo's edge-of-care families reproduce the shape of the panel's two figures ("71% of
families improved", "98% kept together") from data, checked against a hand count of the sample
(sample_data/caseload.toml; today is Mon 23 Nov 2026, the default period the last 12 weeks).

Work closed in the period: Hughes, Irwin, Moss, Patel, Tran and Vale improved; Riley no change;
Shaw and Webb worse; Novak (closed after assessment) has no family scores, so is not counted.
Children whose work ended: the 14 of the Early Help families (Hughes 2, Irwin 2, Moss 3, Patel 1,
Riley 2, Shaw 2, Tran 2), all at home; on CIN work Aisha Begum (stepped down to Early Help, at home)
and Mason Webb (looked after five weeks after it closed); Charlie Vale home on reunification work.
"""

import json

from tests.factories import ok
from tests.reports.test_drilldown import sample  # noqa: F401 - the sample caseload, loaded


def test_the_sample_s_panel_figures_match_the_hand_count(cli, sample):  # noqa: F811
    page = json.loads(ok(cli, "summary", "--ended", "-f", "json").out)
    assert page["families_improved"] == "67% (6 of 9)"
    verdicts = {f["family"]: f["verdict"] for f in page["families"]}
    assert sorted(f for f, v in verdicts.items() if v == "improved") == ["Hughes family", "Irwin family", "Moss family", "Patel family", "Tran family", "Vale family"]
    assert (verdicts["Riley family"], verdicts["Shaw family"], verdicts["Webb family"], verdicts["Novak family"]) == ("no change", "worse", "worse", "no family scores")
    # Happy: Hughes +5, Irwin +4, Moss +4, Riley 0, Shaw -1, Tran +5, Vale +4 = 21 over 7 goals.
    # Healthy: Hughes +6, Irwin +3, Patel +2, Shaw -1, Tran +4, Vale +3, Webb -2 = 15 over 7.
    # Safe: Irwin +3, Moss +3, Patel +1, Riley 0, Tran +3, Webb +1 = 11 over 6.
    assert {a["area"]: (a["goals"], a["movement"]) for a in page["areas"]} == {"Happy": (7, 3.0), "Healthy": (7, 2.1), "Safe": (6, 1.8)}
    assert page["kept_at_home"] == "94% (15 of 16)"
    assert {k["kind"]: (k["succeeded"], k["children"]) for k in page["by_kind"]} == {"early-help": (14, 14), "cin": (1, 2), "reunification": (1, 1)}
    assert [c["child"] for c in page["children"] if c["success"] == "no"] == ["Mason Webb"]
    # Every closed edge-of-care family worked 12 to 16 weeks.
    assert all(12 <= f["weeks"] <= 16 for f in page["families"] if f["family"] not in ("Novak family", "Hughes family"))
