"""Case numbers stay unique and gapless when requests open cases at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from servicegap.cases.models import Case
from tests.case_support import complaint


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write transaction (runtime/internals.py); its test database "
    "is in memory, where concurrent threads meet table locks instead",
)
def test_concurrent_complaints_get_distinct_consecutive_numbers(workspace):
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def send(i: int) -> None:
        try:
            start.wait()
            for _ in range(3):
                complaint(workspace, unit="SALES", text=f"Complaint from thread {i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Case.objects.filter(workspace=workspace).values_list("number", flat=True))
    assert numbers == list(range(1, 19))
