"""A settings file a worker's editor saved wrongly is refused in one line naming it, before anything runs."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "saved, says",
    [
        (b'worker = "Dee Mensah\n', "file "),  # an unclosed quote
        (b'worker = "Dee Mensah"\xff\n', "file "),  # saved in a legacy code page, not UTF-8: an internal error before
    ],
)
def test_a_garbled_config_file_is_refused_with_its_name(cli, tmp_path, monkeypatch, saved, says):
    config = tmp_path / "config.toml"
    config.write_bytes(saved)
    monkeypatch.setenv("FSCLI_CONFIG", str(config))
    result = cli("case", "list")
    assert result.code == 1, result
    assert result.err.count("\n") == 1 and says + str(config) in result.err and "fix the file or remove it" in result.err
    assert "Traceback" not in result.err
