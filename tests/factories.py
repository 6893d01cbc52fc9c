"""Run fscli as a worker would: commands that must work (ok) or be refused (fails), and the
caseloads built through them."""

from __future__ import annotations

from fscli.errors import ExitCode


def ok(cli, *args: str, input: str = ""):
    """Run a command that must succeed; its result."""
    result = cli(*args, input=input)
    assert result.code == 0, result
    return result


def fails(cli, *args: str, code: int = ExitCode.FAILED, says: str | None = None, input: str = ""):
    """Run a command that must be refused: its exit code, exactly one line on stderr (saying
    `says`, when given) and no traceback anywhere; its result."""
    result = cli(*args, input=input)
    assert result.code == code, result
    assert result.err.endswith("\n") and result.err.count("\n") == 1, result
    assert "Traceback" not in result.err + result.out, result
    if says is not None:
        assert says in result.err, result
    return result


def open_case(cli, family: str = "Hart family", *, referred: str = "03/11/2026", source: str = "3B", reason: str = "Health visitor worried about missed feeds", **options: str) -> str:
    args = ["case", "open", family, "--referred", referred, "--source", source, "--reason", reason]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", value]
    return ok(cli, *args).out.strip()


def add_person(cli, ref: str, name: str, role: str = "child", **options: str) -> None:
    args = ["person", "add", ref, name, "--role", role]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", value]
    ok(cli, *args)


def family(cli, family_name: str = "Hart family", *, worker: str = "Sam Okafor") -> str:
    """A small family: mum, a nine-year-old and a baby, with a school and a health visitor."""
    ref = open_case(cli, family_name, worker=worker)
    add_person(cli, ref, "Kerry Hart", "parent", dob="12/05/1992", sex="F", relationship="mother")
    add_person(cli, ref, "Lily Hart", "child", dob="14/02/2017", sex="F", relationship="daughter")
    add_person(cli, ref, "Noah Hart", "child", dob="01/09/2026", sex="M", relationship="son")
    for name, kind in (("Oakfield Primary", "school"), ("Jo Reed", "health-visitor")):
        ok(cli, "agency", "add", ref, name, "--kind", kind)
    return ref
