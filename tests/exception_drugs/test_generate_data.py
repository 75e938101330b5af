"""The synthetic data generator (runs the PostgreSQL path when the tests run on PostgreSQL)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from sel.exception_drugs.management.synthetic import synthetic_nam
from sel.exception_drugs.models import ExceptionRequest, InsuredPerson, StatusChange
from sel.exception_drugs.nam import nam_parse

pytestmark = pytest.mark.django_db


def generate(**sizes: int) -> str:
    out = StringIO()
    args = [f"--{name}={value}" for name, value in sizes.items()]
    call_command(
        "generate_exception_data",
        *args,
        "--no-progress",
        "--i-know-this-is-not-production",
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def test_synthetic_nams_are_well_formed_and_distinct() -> None:
    nams = {synthetic_nam(i)[0] for i in range(0, 2_000_000, 997)}
    assert len(nams) == len(range(0, 2_000_000, 997))
    for nam in list(nams)[:500]:
        nam_parse(nam)


def test_the_generator_makes_the_sizes_asked_with_a_history_for_each_request() -> None:
    out = generate(persons=300, requests=1200, drugs=7, prescribers=5, batch=500)
    assert "requests=1200" in out
    assert InsuredPerson.objects.count() == 300
    assert ExceptionRequest.objects.count() == 1200
    for person in InsuredPerson.objects.all()[:50]:
        nam_parse(person.nam)
    statuses = dict(ExceptionRequest.objects.values_list("status").annotate(n=Count("pk")))
    assert set(statuses) <= {"accepted", "refused", "in_processing", "awaiting_information"}
    assert statuses["accepted"] > statuses["refused"]
    assert StatusChange.objects.filter(from_status="").count() == 1200
    decided = ExceptionRequest.objects.filter(status__in=["accepted", "refused"])
    assert StatusChange.objects.filter(
        request__in=decided, from_status="in_processing"
    ).count() == (decided.count())
    accepted = ExceptionRequest.objects.filter(status="accepted").first()
    assert accepted is not None and accepted.authorized_until is not None


def test_a_second_run_adds_to_the_first() -> None:
    generate(persons=50, requests=100, drugs=3, prescribers=2)
    generate(persons=50, requests=100, drugs=3, prescribers=2)
    assert ExceptionRequest.objects.count() == 200
    assert InsuredPerson.objects.count() == 100


def test_the_consultation_indexes_exist_after_a_bulk_load() -> None:
    """On PostgreSQL a large load drops the secondary indexes and builds them after; the
    consultation's index must be back (elsewhere the indexes are never dropped)."""
    from django.db import connection

    generate(persons=40, requests=400, drugs=3, prescribers=2, batch=150)
    with connection.cursor() as cursor:
        names = set(
            connection.introspection.get_constraints(cursor, ExceptionRequest._meta.db_table)
        )
        history = set(connection.introspection.get_constraints(cursor, StatusChange._meta.db_table))
    assert {"exreq_person_drug", "exreq_prescriber", "exreq_queue", "exreq_expiry"} <= names
    assert "exreq_history" in history
    assert ExceptionRequest.objects.count() == 400
