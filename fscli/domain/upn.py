"""The Unique Pupil Number's check letter (DfE UPN guide 1.2; the CIN validator's rule 1510), and
the validator's other UPN rules (1530-1550: its LA code and its characters).

The first character is the check letter of the twelve after it: each of characters 2-13 times its
position (2-13), summed, the remainder by 23 read in ABCDEFGHJKLMNPQRTUVWXYZ. The validator checks
a UPN whose twelve characters after the first are digits (a temporary UPN, ending in a letter, it
leaves alone): so does fscli.
"""

from __future__ import annotations

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def check_letter(upn: str) -> str | None:
    """The check letter a 13-character UPN of twelve digits after its first should start with; None
    when the UPN is not of that kind (its shape is the schema's to check)."""
    rest = upn[1:]
    if len(upn) != 13 or not rest.isdigit() or not rest.isascii():
        return None
    return CHECK_LETTERS[sum(int(digit) * position for position, digit in enumerate(rest, start=2)) % 23]


def wrong_check_letter(upn: str) -> bool:
    expected = check_letter(upn)
    return expected is not None and upn[0] != expected  # as the validator: a lower-case letter is wrong too


# Rule 1530: characters 2-4 are "a valid post April 1998 LA code or a recognised 'pseudo LA' code".
# The list is the DfE validator's own (csc-validator-be-cin, rules/cin2023_24/rule_1530.py, which
# the cin2025_26 ruleset inherits): its ranges and codes as it lists them, 942 and 943 added in 2023-24.
_LA_RANGES = ((1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384), (390, 394), (660, 681), (701, 708),
              (800, 803), (805, 808), (810, 813), (820, 823), (835, 839), (850, 852), (855, 857), (865, 896), (935, 938), (940, 941))  # fmt: skip
_LA_CODES = (420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, 942, 943)
UPN_LA_CODES = frozenset(f"{n:03d}" for low, high in _LA_RANGES for n in range(low, high + 1)) | frozenset(f"{n:03d}" for n in _LA_CODES)
# Rule 1550: character 13 is a digit or a capital letter other than I, O and S (the check letters' alphabet).
LAST_CHARACTERS = frozenset("0123456789" + CHECK_LETTERS)


def upn_problems(upn: str) -> list[tuple[str, str]]:
    """What the DfE validator's UPN rules find in a UPN, each (rule, the problem in a worker's words,
    said of the UPN: "the UPN X: ..." or "--upn 'X': ..."):
    1530 characters 2-4 not an LA code, 1540 characters 5-12 not all digits, 1550 character 13 not
    a digit or a letter of A-Z but I, O and S, 1510 the wrong check letter. As the validator, 1530
    and 1550 look only at a UPN of 13 characters."""
    found = []
    if len(upn) == 13 and upn[1:4] not in UPN_LA_CODES:
        found.append(("1530", f"characters 2-4 ({upn[1:4]}) are not an LA code the DfE knows (the LA that gave the number)"))
    if not (upn[4:12].isdigit() and upn[4:12].isascii()):
        found.append(("1540", f"characters 5-12 ({upn[4:12]}) are not all digits"))
    if len(upn) == 13 and upn[12] not in LAST_CHARACTERS:
        found.append(("1550", f"its last character ({upn[12]}) is not a digit or a capital letter other than I, O and S"))
    if wrong_check_letter(upn):
        found.append(("1510", f"its first letter is the wrong check letter: a UPN with these digits begins with {check_letter(upn)}"))
    return found
