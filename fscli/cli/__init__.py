"""Typer commands: parse, call one service or report, emit. No SQL, no rules."""
