"""Run the DfE's CIN validator (cin_validator, in its own virtualenv: scripts/cin-validator) on one
XML file and print what it found as one JSON object.

Through its Python API rather than `python -m cin_validator run`, whose table is printed for people
(and truncated by pandas): the same calls its `run` command makes (convert_data, process_data,
CinValidator), with each rule's function wrapped so that a rule that raises is recorded as
crashed; the validator itself prints the exception and counts the rule as passed.

The validator's rules are written for pandas 1.5 and warn of pandas 2's changes (FutureWarning:
group keys in apply, Index dtype inference) on every run: noise, not findings. Those warnings are
silenced here, and only those (category FutureWarning, raised from the validator's own modules);
a rule that fails or raises is reported below as before.
"""

import dataclasses
import importlib
import io
import json
import sys
import warnings
import xml.etree.ElementTree as ET
from contextlib import redirect_stdout


def main(path: str, ruleset: str) -> None:
    warnings.filterwarnings("ignore", category=FutureWarning, module=r"cin_validator(\.|$)")
    from cin_validator import cin_validator

    root = ET.parse(path).getroot()
    module = importlib.import_module(f"cin_validator.rules.{ruleset}")
    crashed: dict[str, str] = {}

    def guarded(rule):
        def run(data, ctx):
            try:
                return rule.func(data, ctx)
            except Exception as error:
                crashed[str(rule.code)] = f"{type(error).__name__}: {error}"
                raise

        return dataclasses.replace(rule, func=run)

    registry = {code: guarded(rule) for code, rule in module.registry.items()}
    kinds = {str(rule.code): rule.rule_type.name for rule in registry.values()}
    printed = io.StringIO()
    with redirect_stdout(printed):  # it prints each crash; we report them below
        tables = cin_validator.process_data(cin_validator.convert_data(root))
        validator = cin_validator.CinValidator(tables, registry)
    issues = validator.full_issue_df
    found = {"errors": [], "queries": []}
    for row in issues.to_dict("records"):
        code = str(row.get("rule_code"))
        entry = {"rule": code, "message": str(row.get("rule_description")), "child": None if row.get("child_id") != row.get("child_id") else str(row.get("child_id")),
                 "table": str(row.get("tables_affected")), "columns": str(row.get("columns_affected"))}
        found["queries" if kinds.get(code) == "QUERY" else "errors"].append(entry)
    return_level = [{"rule": str(r["rule_code"]), "message": str(r["rule_description"]), "query": kinds.get(str(r["rule_code"])) == "QUERY"}
                    for r in validator.multichild_issues.drop_duplicates().to_dict("records")]
    header = root.find("Header/CollectionDetails")
    print(json.dumps({
        "ruleset": ruleset,
        "rules": len(registry),
        "year": header.findtext("Year") if header is not None else None,
        "reference_date": header.findtext("ReferenceDate") if header is not None else None,
        "errors": found["errors"],
        "queries": found["queries"],
        "return_level": return_level,
        "crashed": [{"rule": code, "error": error} for code, error in sorted(crashed.items())],
    }, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
