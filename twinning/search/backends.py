"""Full-text matching on each database, over the same pre-normalised terms."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

# Title terms count ten times as much as body terms in the ranking, on both databases
# (PostgreSQL's weights are listed D, C, B, A; titles are A, bodies B).
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
PG_WEIGHTS = [0.0, 0.0, BODY_WEIGHT / TITLE_WEIGHT, 1.0]
MAX_COUNTED = 1000


@dataclass(frozen=True)
class Hit:
    content_type_id: int
    object_id: int


def _fts5_expression(terms: Sequence[str]) -> str:
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _tsquery(terms: Sequence[str]) -> str:
    return " & ".join("'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in terms)


def match(terms: Sequence[str], *, limit: int, offset: int = 0) -> tuple[list[Hit], int]:
    """Documents containing every term, best first, and how many there are.

    Counting stops past MAX_COUNTED: a reader is told "more than 1,000 results", and a
    very common word costs no full count of the index.
    """
    if connection.vendor == "postgresql":
        rows_sql = """
            SELECT content_type_id, object_id
            FROM search_searchdocument, to_tsquery('simple', %s) query
            WHERE search_vector @@ query
            ORDER BY ts_rank(%s::float4[], search_vector, query, 1) DESC, id
            LIMIT %s OFFSET %s"""
        count_sql = """
            SELECT count(*) FROM (
                SELECT 1 FROM search_searchdocument
                WHERE search_vector @@ to_tsquery('simple', %s) LIMIT %s
            ) AS capped"""
        expression = _tsquery(terms)
    else:
        # Rank inside FTS5 and join only the page of hits: joining every match first
        # costs more than the ranking itself for common terms.
        rows_sql = f"""
            SELECT d.content_type_id, d.object_id
            FROM (
                SELECT rowid, bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank
                FROM search_fts WHERE search_fts MATCH %s
                ORDER BY rank, rowid LIMIT %s OFFSET %s
            ) AS hits JOIN search_searchdocument d ON d.id = hits.rowid
            ORDER BY hits.rank, hits.rowid"""
        count_sql = """
            SELECT count(*) FROM (
                SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s
            ) AS capped"""
        expression = _fts5_expression(terms)
    with connection.cursor() as cursor:
        cursor.execute(count_sql, [expression, MAX_COUNTED + 1])
        total = cursor.fetchone()[0]
        if total <= offset:
            return [], total
        params = [expression, limit, offset]
        if connection.vendor == "postgresql":
            params.insert(1, PG_WEIGHTS)
        cursor.execute(rows_sql, params)
        return [Hit(*row) for row in cursor.fetchall()], total
