"""What the wheel carries: the package list in pyproject.toml is written out by hand (sample_data/
is remapped into the package), so a package added on disk and forgotten there would vanish from
the wheel while every test passed from the checkout. .ci/run also installs the built wheel."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_on_disk_is_in_the_wheels_list():
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "fscli").rglob("__init__.py")}
    on_disk.add("fscli.sample_data")
    assert set(_config()["packages"]) == on_disk


def test_the_sample_caseload_ships_from_the_top_level_folder():
    config = _config()
    assert config["package-dir"] == {"fscli.sample_data": "sample_data"}
    assert (ROOT / "sample_data" / "caseload.toml").is_file()
    from importlib import resources

    assert resources.files("fscli.sample_data").joinpath("caseload.toml").read_text() == (ROOT / "sample_data" / "caseload.toml").read_text()
