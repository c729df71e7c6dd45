"""Full-text matching on each database, over the same pre-normalised terms."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

# Title terms count ten times as much as body terms in the ranking.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


@dataclass(frozen=True)
class Hit:
    content_type_id: int
    object_id: int


def _fts5_expression(terms: Sequence[str]) -> str:
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _tsquery(terms: Sequence[str]) -> str:
    return " & ".join("'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in terms)


def match(terms: Sequence[str], *, limit: int, offset: int = 0) -> tuple[list[Hit], int]:
    """Documents containing every term, best first, and how many there are in all."""
    if connection.vendor == "postgresql":
        rows_sql = """
            SELECT content_type_id, object_id
            FROM search_searchdocument, to_tsquery('simple', %s) query
            WHERE search_vector @@ query
            ORDER BY ts_rank(search_vector, query, 1) DESC, id
            LIMIT %s OFFSET %s"""
        count_sql = """
            SELECT count(*) FROM search_searchdocument
            WHERE search_vector @@ to_tsquery('simple', %s)"""
        expression = _tsquery(terms)
    else:
        rows_sql = f"""
            SELECT d.content_type_id, d.object_id
            FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid
            WHERE search_fts MATCH %s
            ORDER BY bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}), d.id
            LIMIT %s OFFSET %s"""
        count_sql = "SELECT count(*) FROM search_fts WHERE search_fts MATCH %s"
        expression = _fts5_expression(terms)
    with connection.cursor() as cursor:
        cursor.execute(count_sql, [expression])
        total = cursor.fetchone()[0]
        if total <= offset:
            return [], total
        cursor.execute(rows_sql, [expression, limit, offset])
        return [Hit(*row) for row in cursor.fetchall()], total
