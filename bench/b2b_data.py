"""The B2B benchmark's register: ``persons`` synthetic insured persons in the production
environment, each with a health-insurance and a drug-plan coverage, written by PostgreSQL itself
(``INSERT … SELECT generate_series``, no row crossing the client) with the table's indexes and
constraints dropped during the load and rebuilt after it. 9 million persons take minutes.

    .venv/bin/python bench/b2b_data.py postgres://postgres@127.0.0.1:5432/b2b_bench_large 9000000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import ensure_database
from bench.harness import prepare, server_env

PERSON, COVERAGE = "b2b_insuredperson", "b2b_coverage"
# A unique NAM for each id below 45 million: 4 letters counting id // 100 in base 26, a birth
# date drawn from the id, and id % 100 as the 2 administrative digits.
NAM_SQL = """
    chr(65 + (i / 100 / 17576) %% 26) || chr(65 + (i / 100 / 676) %% 26)
    || chr(65 + (i / 100 / 26) %% 26) || chr(65 + (i / 100) %% 26)
    || lpad(((i * 7) %% 100)::text, 2, '0') || lpad((1 + i %% 12)::text, 2, '0')
    || lpad((1 + i %% 28)::text, 2, '0') || lpad((i %% 100)::text, 2, '0')
"""


def nam_of(i: int) -> str:
    """The NAM the generator gives to person ``i`` (the benchmark draws the ones it asks for)."""
    letters = "".join(chr(65 + (i // 100 // d) % 26) for d in (17576, 676, 26, 1))
    return f"{letters}{(i * 7) % 100:02d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 100:02d}"


def _definitions(conn: object, table: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(constraint name, definition) of the table's unique and foreign keys, and the CREATE
    INDEX statements of its other indexes (the primary key stays)."""
    constraints = conn.execute(  # type: ignore[attr-defined]
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
        [table],
    ).fetchall()
    names = {name for name, _definition in constraints}
    indexes = conn.execute(  # type: ignore[attr-defined]
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
        "AND indexname NOT LIKE '%%_pkey'",
        [table],
    ).fetchall()
    return constraints, [definition for name, definition in indexes if name not in names]


def fill(url: str, persons: int) -> float:
    """Fills the register up to ``persons``; returns the seconds it took (0 when already full)."""
    import psycopg

    ensure_database(url)
    env = server_env(DATABASE_URL=url)
    env.pop("TEST_DATABASE_NAME", None)
    prepare(env)
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(f"SELECT count(*) FROM {PERSON}").fetchone()  # noqa: S608
        have = int(row[0]) if row else 0
        if have >= persons:
            return 0.0
        print(f"{url.rsplit('/', 1)[1]}: adding {persons - have} persons", file=sys.stderr)
        started = time.perf_counter()
        saved = {table: _definitions(conn, table) for table in (COVERAGE, PERSON)}
        for table, (constraints, indexes) in saved.items():
            for name, _definition in constraints:
                conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for index in indexes:
                conn.execute(
                    f'DROP INDEX "{index.split(" INDEX ", 1)[1].split(" ON ")[0].strip()}"'
                )
        conn.execute(
            f"INSERT INTO {PERSON} (id, environment, nam, last_name, first_name, birth_date) "  # noqa: S608
            f"SELECT i, 'production', {NAM_SQL}, 'Synthetique', 'Personne', "
            "date '1930-01-01' + (i %% 30000)::int FROM generate_series(%s, %s) AS i",
            [have + 1, persons],
        )
        conn.execute(
            f"INSERT INTO {COVERAGE} (person_id, plan, starts_on, ends_on) "  # noqa: S608
            "SELECT i, 'health', date '1990-01-01', NULL FROM generate_series(%s, %s) AS i "
            "UNION ALL SELECT i, 'drug', date '1997-01-01', "
            "CASE WHEN i %% 7 = 0 THEN date '2025-06-30' END FROM generate_series(%s, %s) AS i",
            [have + 1, persons, have + 1, persons],
        )
        for table, (constraints, indexes) in reversed(list(saved.items())):
            for name, definition in constraints:
                conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            for index in indexes:
                conn.execute(index)
        for table in (PERSON, COVERAGE):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )
            conn.execute(f"ANALYZE {table}")
        return time.perf_counter() - started


if __name__ == "__main__":
    seconds = fill(sys.argv[1], int(sys.argv[2]))
    print(f"generated_seconds={seconds:.1f}")
