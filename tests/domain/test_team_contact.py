"""How a family reaches the team: the profile's [contact] (fscli/domain/team_contact.py)."""

from fscli.domain.team_contact import reach_the_team, read_contact


def test_the_team_is_reached_by_phone_or_email_with_its_hours():
    assert reach_the_team({"name": "North team", "phone": "01632 960000", "hours": "Mon to Fri 9 to 5"}) == "Call North team: 01632 960000 (Mon to Fri 9 to 5)"
    assert reach_the_team({"email": "north@example.gov.uk"}) == "Write to the team: north@example.gov.uk"
    assert reach_the_team({"phone": "01632 960000", "email": "north@example.gov.uk"}) == "Call or write to the team: 01632 960000 or north@example.gov.uk"
    assert reach_the_team({"hours": "9 to 5"}) is None and reach_the_team({}) is None


def test_each_entry_is_one_printable_line_under_a_known_key():
    found, problems = read_contact({"phone": " 01632 960000 ", "mobile": "07700", "email": "", "hours": "9\n5", "name": 7}, "profile file t.toml")
    assert found == {"phone": "01632 960000"}
    assert [p.field for p in problems] == ["profile file t.toml: [contact] mobile", "profile file t.toml: [contact] email",
                                           "profile file t.toml: [contact] hours", "profile file t.toml: [contact] name"]  # fmt: skip
    assert read_contact("x", "f")[1][0].message == "must be a table"
