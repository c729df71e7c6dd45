"""Full-text matching on each database, over the same pre-normalised terms."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

# SQLite ranks title terms ten times as high as body terms; PostgreSQL puts title matches
# first (see _match_postgresql), so on both a record named by the query comes first.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
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
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _match_postgresql(cursor, _tsquery(terms), limit=limit, offset=offset)
        return _match_sqlite(cursor, _fts5_expression(terms), limit=limit, offset=offset)


def _capped_count(cursor, sql: str, expression: str, cap: int) -> int:
    # ``sql`` is one of this module's constant queries; the search text is a parameter.
    query = f"SELECT count(*) FROM ({sql} LIMIT %s) AS capped"  # nosec B608
    cursor.execute(query, [expression, cap])
    return cursor.fetchone()[0]


def _match_sqlite(cursor, expression: str, *, limit: int, offset: int):
    total = _capped_count(
        cursor, "SELECT 1 FROM search_fts WHERE search_fts MATCH %s", expression, MAX_COUNTED + 1
    )
    if total <= offset:
        return [], total
    # Rank inside FTS5 and join only the page of hits: joining every match first costs
    # more than the ranking itself for common terms.
    # The weights are module constants; the search text, limit and offset are parameters.
    cursor.execute(
        f"SELECT d.content_type_id, d.object_id FROM ("  # nosec B608
        f" SELECT rowid, bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank"
        " FROM search_fts WHERE search_fts MATCH %s"
        " ORDER BY rank, rowid LIMIT %s OFFSET %s"
        " ) AS hits JOIN search_searchdocument d ON d.id = hits.rowid"
        " ORDER BY hits.rank, hits.rowid",
        [expression, limit, offset],
    )
    return [Hit(*row) for row in cursor.fetchall()], total


_PG_MATCHES = "SELECT 1 FROM search_searchdocument WHERE {vector} @@ to_tsquery('simple', %s)"
_PG_PAGE = """
    SELECT content_type_id, object_id
    FROM search_searchdocument, to_tsquery('simple', %s) query
    WHERE {where}
    ORDER BY ts_rank({vector}, query, 1) DESC, id
    LIMIT %s OFFSET %s"""


def _match_postgresql(cursor, expression: str, *, limit: int, offset: int):
    """Records whose titles hold every term first, then those that hold them in the body.

    Ranking all matches of a very common word with ts_rank reads every matching row
    (70-95 ms for a word in a third of 100,000 documents); ranking the title matches on
    their small title vector, and the body matches only when the titles do not fill the
    page, keeps it to a few milliseconds (docs/performance.md).
    """
    total = _capped_count(
        cursor, _PG_MATCHES.format(vector="search_vector"), expression, MAX_COUNTED + 1
    )
    if total <= offset:
        return [], total
    in_titles = _capped_count(
        cursor, _PG_MATCHES.format(vector="title_vector"), expression, offset + limit
    )
    hits: list[Hit] = []
    if in_titles > offset:
        cursor.execute(
            _PG_PAGE.format(where="title_vector @@ query", vector="title_vector"),
            [expression, limit, offset],
        )
        hits = [Hit(*row) for row in cursor.fetchall()]
    if len(hits) < limit:
        cursor.execute(
            _PG_PAGE.format(
                where="search_vector @@ query AND NOT title_vector @@ query",
                vector="search_vector",
            ),
            [expression, limit - len(hits), max(0, offset - in_titles)],
        )
        hits += [Hit(*row) for row in cursor.fetchall()]
    return hits, total
