"""What a benchmark needs on a fresh machine: its PostgreSQL database, created when missing,
migrated, and filled with synthetic data up to the size asked (with tqdm's progress bars); a
database already filled is reused as it is, one filled in part is completed."""

from __future__ import annotations

import subprocess
import sys

from bench.harness import ROOT, prepare, server_env

# The sizes of bench/consult.py's two databases.
SMALL = {"persons": 10_000, "requests": 100_000}
LARGE = {"persons": 1_000_000, "requests": 10_000_000}

# Counts the synthetic rows already there (the generator's own markers: persons without a last
# name, references starting with "SY"), in the benchmark database's environment.
COUNT_SYNTHETIC = """
from sel.exception_drugs.models import ExceptionRequest, InsuredPerson
print(InsuredPerson.objects.filter(last_name="").count(),
      ExceptionRequest.objects.filter(reference__startswith="SY").count())
"""


def ensure_database(url: str) -> bool:
    """Create the database of ``url`` on its server when it does not exist; True if created."""
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        print(f"creating database {name}", file=sys.stderr, flush=True)
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def _manage(*args: str, env: dict[str, str], capture: bool = False) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    )  # fmt: skip
    return out.stdout or ""


def ensure_exception_data(url: str, *, persons: int, requests: int) -> dict[str, str]:
    """The exception-drugs benchmark database of ``url`` with at least ``persons`` synthetic
    insured persons and ``requests`` synthetic requests; returns the server's environment."""
    ensure_database(url)
    env = server_env(DATABASE_URL=url)
    env.pop("TEST_DATABASE_NAME", None)
    prepare(env)
    counts = _manage("shell", "-v", "0", "-c", COUNT_SYNTHETIC, env=env, capture=True)
    have_persons, have_requests = map(int, counts.split())
    if have_persons >= persons and have_requests >= requests:
        return env
    name = url.rsplit("/", 1)[1]
    print(
        f"filling {name}: {max(persons - have_persons, 0)} persons and "
        f"{max(requests - have_requests, 0)} requests to add (done once, reused afterwards)",
        file=sys.stderr,
        flush=True,
    )
    _manage(
        "generate_exception_data",
        "--persons", str(max(persons - have_persons, 0)),
        "--requests", str(max(requests - have_requests, 0)),
        "--i-know-this-is-not-production",
        env=env,
    )  # fmt: skip
    return env
