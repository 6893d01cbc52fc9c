"""The Unique Pupil Number's check letter (DfE UPN guide 1.2; the CIN validator's rule 1510).

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
