"""The fictional sample caseload, as files a person can read: `fscli demo` loads caseload.toml into
a demo database of its own, and `fscli import sample_data/caseload.toml` enters it into yours.
Shipped in the wheel as the package fscli.sample_data (pyproject.toml maps this folder to it)."""
