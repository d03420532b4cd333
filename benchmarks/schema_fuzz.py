"""The long schemathesis run: at least 2,000 generated requests against a real `servicegap serve`.

Usage: python benchmarks/schema_fuzz.py [--cases 2000] [--seed 1] [--answers 20000] [--pg-url URL]

Builds the demo workspace (about --answers answers) in a temporary data directory (SQLite; with
--pg-url in that PostgreSQL database, which it WIPES), creates a read+ingest API key, starts
`servicegap serve --no-worker` on loopback, loads /api/v1/openapi.json from it and, round after
round (seed, seed+1, ...), draws valid (positive) and invalid (negative) requests for every
operation of the document until --cases requests have been sent. Every other request of an
operation with path parameters gets real ones (the workspace slug, a standard code, a report
kind), so the handlers behind the 404s are fuzzed too. The public rate limits are raised for the
run so that the public handlers, not only their 429s, are reached.

Each response is checked with not_a_server_error, status_code_conformance,
content_type_conformance and response_schema_conformance, each on its own. Prints the requests
per operation with the statuses seen, then the cases and failures per check, and the first
failures with a curl command to reproduce them. Exit status 1 when any check failed.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from benchmarks.support import SLUG, demo, environment, free_port, kill_group, serve, wipe_pg

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
REAL = {"slug": SLUG, "code": "BOOKING", "kind": "gaps"}
SHOWN = 10  # failures printed in full


class Run:
    def __init__(self, base_url: str, key: str) -> None:
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {key}"}
        self.session = requests.Session()
        self.cases = 0
        self.per_operation: dict[str, collections.Counter] = collections.defaultdict(
            collections.Counter
        )
        self.checked = collections.Counter()
        self.failed = collections.Counter()
        self.failures: list[str] = []
        self.seen: set[tuple[str, str, str]] = set()
        self.turn = 0

    def one(self, case) -> None:
        label = f"{case.method.upper()} {case.operation.path}"
        self.turn += 1
        if case.path_parameters and self.turn % 2:
            case.path_parameters = {k: REAL.get(k, v) for k, v in case.path_parameters.items()}
        self.cases += 1
        try:
            response = case.call(
                base_url=self.base_url, session=self.session, headers=self.headers, timeout=60
            )
        except requests.RequestException as exc:
            self.per_operation[label]["transport error"] += 1
            self.failed["transport"] += 1
            self.failures.append(f"{label}: {type(exc).__name__}: {exc}")
            return
        self.per_operation[label][response.status_code] += 1
        for check in CHECKS:
            name = check.__name__
            self.checked[name] += 1
            try:
                case.validate_response(response, checks=[check], headers=self.headers)
            except Exception as exc:
                self.failed[name] += 1
                key = (name, label, str(response.status_code))
                if key not in self.seen:
                    self.seen.add(key)
                    curl = case.as_curl_command(headers=self.headers)
                    self.failures.append(
                        f"{name} on {label} ({response.status_code}):\n{exc}\n{curl}"
                    )


def fuzz(run: Run, schema, rounds_seed: int, target: int) -> int:
    operations = [result.ok() for result in schema.get_all_operations()]
    per = max(5, target // (2 * len(operations)) + 1)
    rounds = 0
    while run.cases < target and rounds < 20:
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                strategy = operation.as_strategy(generation_mode=mode)

                @given(strategy)
                @settings(
                    max_examples=per,
                    deadline=None,
                    database=None,
                    phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                @seed(rounds_seed + rounds)
                def test(case):
                    run.one(case)

                # Unsatisfiable: nothing invalid to send (no parameters, no body)
                with contextlib.suppress(Unsatisfiable):
                    test()
        rounds += 1
    return rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000, help="at least this many requests")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--answers", type=int, default=20000, help="size of the demo workspace")
    parser.add_argument("--pg-url", default="", help="PostgreSQL URL of a database it may wipe")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sg-fuzz-") as tmp:
        if args.pg_url:
            wipe_pg(args.pg_url)
        env = environment(
            tmp,
            args.pg_url,
            SERVICEGAP_PUBLIC_RATE_LIMIT="1000000/60",
            SERVICEGAP_KIOSK_RATE_LIMIT="1000000/60",
        )
        key = demo(env, args.answers)
        port = free_port()
        proc = serve(env, port, log=Path(tmp) / "server.log")
        began = time.perf_counter()
        try:
            schema = schemathesis.openapi.from_url(f"http://127.0.0.1:{port}/api/v1/openapi.json")
            run = Run(f"http://127.0.0.1:{port}", key)
            rounds = fuzz(run, schema, args.seed, args.cases)
        finally:
            kill_group(proc)
            errors = [
                line
                for line in (Path(tmp) / "server.log").read_text(errors="replace").splitlines()
                if "Internal Server Error" in line or "Traceback" in line
            ]
    seconds = time.perf_counter() - began
    database = "postgresql" if args.pg_url else "sqlite"
    print(
        f"schemathesis {schemathesis.__version__}: {run.cases} requests in {rounds} round(s) "
        f"(seed {args.seed}), {seconds:.0f} s, {database}, demo workspace of ~{args.answers} answers"
    )
    print("\nrequests per operation (status: count)")
    for label, statuses in sorted(run.per_operation.items()):
        seen = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items(), key=lambda x: str(x[0])))
        print(f"  {label:42} {sum(statuses.values()):5}  {seen}")
    print("\ncheck                          cases  failures")
    for check in CHECKS:
        name = check.__name__
        print(f"  {name:28} {run.checked[name]:6}  {run.failed[name]:8}")
    if run.failed["transport"]:
        print(f"  {'transport errors':28} {'':6}  {run.failed['transport']:8}")
    print(f"\nserver log lines with an error or traceback: {len(errors)}")
    for text in run.failures[:SHOWN]:
        print("\n" + text)
    if run.failures[SHOWN:]:
        print(f"\n... and {len(run.failures) - SHOWN} more distinct failures")
    sys.exit(1 if sum(run.failed.values()) else 0)


if __name__ == "__main__":
    main()
