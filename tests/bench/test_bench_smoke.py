"""The benchmark's seeding and fixed query set, on a few records (no timing asserted)."""

import pytest
from django.db import transaction

from bench.queries import QUERIES
from bench.seed import seed
from twinning.exchanges.models import Exchange
from twinning.search.selectors import search


@pytest.mark.django_db
def test_seeded_records_answer_every_benchmark_query():
    counts = seed(records=200)

    assert counts["records"] == Exchange.objects.public().count() == 200
    assert counts["indexed_documents"] > 200  # the records, their people and organisations
    assert [query for query in QUERIES if not search(query=query).results] == []
    assert search(query="Confucious").corrected_query == "confucius"


def _seeded(records: int) -> list[tuple]:
    """What ``seed`` writes, without primary keys; rolled back afterwards."""
    savepoint = transaction.savepoint()
    seed(records=records, index=False)
    rows = list(
        Exchange.objects.order_by("key").values_list(
            "key", "category__slug", "date_start", "title_en", "title_zh_hans", "summary_en"
        )
    )
    people = sorted(Exchange.objects.values_list("key", "participations__person__slug"), key=str)
    transaction.savepoint_rollback(savepoint)
    return rows + people


@pytest.mark.django_db
def test_seeding_is_deterministic():
    assert _seeded(60) == _seeded(60)
