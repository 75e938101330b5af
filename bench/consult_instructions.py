"""Instructions per request (valgrind's callgrind), floor page against consultation, in-process.

A diagnostic beside ``bench/consult.py``: CPU time on a shared virtual machine moves with the
host's load (the same code measured 0.51 and 0.61 an hour apart), instruction counts do not. Each
count is (a run with N requests) − (the same run with 0), so start-up, login and warm-up cancel out.
The Django test client drives the views (no gunicorn, no HTTP parsing), on the small benchmark
database of ``bench/consult.py`` (created and filled when missing); needs Debian's valgrind.

    .venv/bin/python bench/consult_instructions.py --requests 50
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_drugs_small"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def child(mode: str, count: int, data: dict[str, object]) -> None:
    """Runs in the process valgrind measures: log in, warm up, then ``count`` requests."""
    import django

    django.setup()
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    token = CSRF.search(client.get("/compte/connexion/").content.decode())
    assert token is not None
    credentials = {"username": data["username"], "password": data["password"]}
    client.post("/compte/connexion/", {"csrfmiddlewaretoken": token.group(1), **credentials})
    page = CSRF.search(client.get("/medicaments-exception/").content.decode())
    assert page is not None, "the benchmark pharmacist cannot open the consultation"
    pairs = data["pairs"]
    assert isinstance(pairs, list)

    def one(i: int) -> None:
        if mode == "floor":
            assert client.get("/medicaments-exception/a-propos/").status_code == 200
            return
        nam, din = pairs[i % len(pairs)]
        body = f"csrfmiddlewaretoken={page.group(1)}&nam={nam}&drug={din}"
        response = client.post(
            "/medicaments-exception/", body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200 and b"Demandes trouv" in response.content

    for i in range(20):
        one(i)
    for i in range(count):
        one(i)


def instructions(mode: str, count: int, data_file: str, env: dict[str, str]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
             __file__, "--child", mode, str(count), data_file],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        totals = re.search(r"^totals: (\d+)", out.read_text(), re.M)
        assert totals is not None
        return int(totals.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database", default=DATABASE_URL)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, count, data_file = args.child
        child(mode, int(count), json.loads(Path(data_file).read_text()))
        return
    sys.path.insert(0, str(ROOT))
    from bench.data import SMALL, ensure_exception_data
    from bench.harness import server_env

    ensure_exception_data(args.database, **SMALL)
    env = server_env(DATABASE_URL=args.database, REDIS_URL="redis://127.0.0.1:6379/3",
                     CACHE_KEY_PREFIX="drugs-instructions", PYTHONHASHSEED="0",
                     ALLOWED_HOSTS="testserver")  # fmt: skip
    env["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    setup = subprocess.run(
        [sys.executable, "bench/consult_setup.py", "50"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as data_file:
        data_file.write(setup.stdout)
    try:
        # A first login may upgrade the password hash: once, before anything is counted.
        instructions("floor", 0, data_file.name, env)
        per_request = {}
        for mode in ("floor", "consult"):
            base = instructions(mode, 0, data_file.name, env)
            total = instructions(mode, args.requests, data_file.name, env)
            per_request[mode] = (total - base) / args.requests
    finally:
        os.unlink(data_file.name)
    floor, consult = per_request["floor"], per_request["consult"]
    print(
        f"floor_Minstr={floor / 1e6:.2f} consult_Minstr={consult / 1e6:.2f} "
        f"ratio={floor / consult:.3f}"
    )


if __name__ == "__main__":
    main()
