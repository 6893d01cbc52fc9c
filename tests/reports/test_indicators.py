"""The indicators' SQL agrees with the rules it stands for (domain/indicators.py)."""

from fscli.domain.indicators import PLAN_LEVEL, step
from fscli.reports.indicators import _level_sql
from fscli.store.db import Database
from fscli.store.location import locate


def test_steps_counted_in_sql_agree_with_the_domain_for_every_pair_of_plan_types(db_path):
    kinds = [*PLAN_LEVEL, "s47-not-a-plan"]
    level_from, level_to = _level_sql("m.from_kind"), _level_sql("m.to_kind")
    with Database(locate(str(db_path))).reader() as reader:
        for before in kinds:
            for after in kinds:
                counted = reader.scalar(
                    f"SELECT CASE WHEN {level_to} > {level_from} THEN 'up' WHEN {level_to} < {level_from} THEN 'down' END"
                    " FROM (SELECT CAST(:before AS TEXT) AS from_kind, CAST(:after AS TEXT) AS to_kind) m",
                    {"before": before, "after": after},
                )
                assert counted == step(before, after), (before, after)
