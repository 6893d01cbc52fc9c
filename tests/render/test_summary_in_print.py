"""The case summary printed on A4 by a real browser (headless Chromium, scripts/chromium-check):
a long chronology runs on over pages between rows only, never splitting a row across two, and
words are never cut mid-way in a narrow column ("Allocate/d"). Read back per page with poppler's
pdftotext. Skipped where Chromium is absent, except under CI (.ci/run installs it)."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.factories import add_person, ok, open_case
from tests.render.test_documents_in_chromium import CHECK, chromium  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow
ROWS = 24


def _pages(pdf) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


def test_a_long_chronology_prints_whole_rows_and_whole_words(cli, chromium, tmp_path):  # noqa: F811
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("no pdftotext in CI: .ci/run installs poppler-utils (scripts/chromium-check install)")
        pytest.skip("no poppler-utils here; scripts/chromium-check install (as root) installs them")
    ref = open_case(cli, "Reed family", referred="01/02/2026", worker="Ann Cole")
    add_person(cli, ref, "Leo Reed", "child", dob="05/05/2020")
    for k in range(ROWS):
        note = f"R{k:02d}START " + " ".join(["Mum spoke about the evening of the incident at length."] * (1 + k % 4)) + f"\n\nSecond paragraph R{k:02d}END"
        ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", f"{1 + k % 28:02d}/{3 + k // 4:02d}/2026", "--seen", "Leo Reed", "--note", note)
    out, pdf = tmp_path / "reed.html", tmp_path / "reed.pdf"
    ok(cli, "case", "summary", ref, "--out", str(out))
    done = subprocess.run([sys.executable, str(CHECK), str(out), "--pdf", str(pdf)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout
    pages = _pages(pdf)
    for k in range(ROWS):
        on = [n for n, text in enumerate(pages) if f"R{k:02d}START" in text or f"R{k:02d}END" in text]
        assert len(on) == 1, f"row {k} is split across pages {on}"
    words = set(" ".join(pages).split())
    for whole in ("Allocated", "Referral", "visit"):
        assert whole in words
        assert not [w for w in words if len(w) >= 3 and whole.startswith(w) and w != whole], f"{whole} cut mid-word"
