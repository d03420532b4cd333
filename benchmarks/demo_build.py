"""How fast the demo workspace is built, and how fast the home page's headline reads it.

Usage: python benchmarks/demo_build.py [--answers 1000000]

Figures (printed next to a baseline measured in the same run):
- build: answers written per second by the bulk demo writer; baseline: the same kind of responses
  stored one by one through the response contract (``record_response``, the path of API ingest).
- headline: seconds for ``gaps.headline.headline`` (SQL moments) over all answers; baseline: reading
  every expectation/experience answer into Python and pairing them there.
Runs on SQLite in a temporary data directory (or on SERVICEGAP_DATABASE_URL when set).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

os.environ.setdefault("SERVICEGAP_DATA_DIR", tempfile.mkdtemp(prefix="sg-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicegap.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--baseline-responses", type=int, default=2_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from servicegap.demo.generator import build_demo
    from servicegap.gaps.headline import headline
    from servicegap.surveys.contract import record_response
    from servicegap.surveys.models import Answer, Response

    result = build_demo(answers=args.answers, slug="bench")
    build_rate = result.answers / result.seconds
    print(
        f"build: {result.answers:,} answers in {result.seconds:.1f} s = {build_rate:,.0f} answers/s"
    )

    # Baseline: replay existing responses one by one through the response contract.
    ws = result.workspace
    sample = list(
        Response.objects.of(ws)
        .filter(perspective="customer")
        .order_by("id")[: args.baseline_responses]
    )
    payloads = []
    for r in sample:
        answers = [
            {"item": a.item, "kind": a.kind, "value": a.value_text or a.value_num}
            for a in Answer.objects.of(ws).filter(response=r)
        ]
        payloads.append(
            {
                "submitted_at": r.submitted_at.isoformat(),
                "perspective": "customer",
                "answers": answers,
            }
        )
    began = time.perf_counter()
    written = 0
    for p in payloads:
        record_response(ws, p)
        written += len(p["answers"])
    base_rate = written / (time.perf_counter() - began)
    print(
        f"baseline (record_response one by one): {written:,} answers at {base_rate:,.0f} answers/s"
    )
    print(f"build speed-up: {build_rate / base_rate:.1f}x")

    began = time.perf_counter()
    rows = headline(ws)
    sql_s = time.perf_counter() - began
    n_answers = Answer.objects.of(ws).count()
    print(
        f"headline (SQL moments): {sql_s:.2f} s over {n_answers:,} answers, {len(rows)} standards"
    )

    began = time.perf_counter()
    pairs: dict[tuple[int, str, str], dict[str, float]] = {}
    for rid, persp, item, kind, value in (
        Answer.objects.of(ws)
        .filter(kind__in=("expectation", "experience"))
        .values_list("response_id", "response__perspective", "item", "kind", "value_num")
        .iterator(chunk_size=20_000)
    ):
        pairs.setdefault((rid, persp, item), {})[kind] = value
    gaps: dict[tuple[str, str], list[float]] = {}
    for (_, persp, item), d in pairs.items():
        if "expectation" in d and "experience" in d:
            gaps.setdefault((persp, item), []).append(d["experience"] - d["expectation"])
    py_s = time.perf_counter() - began
    print(f"baseline (pair in Python): {py_s:.2f} s; headline speed-up: {py_s / sql_s:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
