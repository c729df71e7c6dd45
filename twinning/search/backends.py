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


# A query: every group must match; a group matches when one of its alternatives does,
# and an alternative when all of its terms do. ("robbin" AND ("隧道" OR "tunnel")).
Alternative = tuple[str, ...]
Group = Sequence[Alternative]


def _fts5_term(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts5_expression(groups: Sequence[Group], *, joiner: str = " AND ") -> str:
    return joiner.join(
        "(" + " OR ".join("(" + " AND ".join(map(_fts5_term, alt)) + ")" for alt in group) + ")"
        for group in groups
    )


def _ts_term(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(groups: Sequence[Group], *, joiner: str = " & ") -> str:
    return joiner.join(
        "(" + " | ".join("(" + " & ".join(map(_ts_term, alt)) + ")" for alt in group) + ")"
        for group in groups
    )


def plain(terms: Sequence[str]) -> list[Group]:
    """The groups of a query that must hold every one of ``terms``."""
    return [[(term,)] for term in terms]


def match(
    groups: Sequence[Group],
    *,
    limit: int,
    offset: int = 0,
    excluding: Sequence[Group] = (),
    cap: int | None = None,
) -> tuple[list[Hit], int]:
    """Documents matching every group (and not all of ``excluding``), best first, and how
    many there are.

    Counting stops past MAX_COUNTED (or ``cap``): a reader is told "more than 1,000
    results", and a very common word costs no full count of the index.
    """
    cap = MAX_COUNTED + 1 if cap is None else cap
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _match_postgresql(
                cursor,
                _tsquery(groups),
                _tsquery(excluding) if excluding else None,
                limit=limit,
                offset=offset,
                cap=cap,
            )
        expression = _fts5_expression(groups)
        if excluding:
            expression = f"({expression}) NOT ({_fts5_expression(excluding)})"
        return _match_sqlite(cursor, expression, limit=limit, offset=offset, cap=cap)


def match_most(groups: Sequence[Group], *, limit: int, offset: int = 0):
    """Documents matching any group, those matching the most groups first, and how many
    there are (up to MAX_MOST): the answer when no document matches them all.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _most_postgresql(cursor, groups, limit=limit, offset=offset)
        return _most_sqlite(cursor, groups, limit=limit, offset=offset)


# How many documents matching some of the words are ranked and shown at most.
MAX_MOST = 200


def _holds(terms: set[str], group: Group) -> bool:
    return any(all(term in terms for term in alt) for alt in group)


def _most_sqlite(cursor, groups: Sequence[Group], *, limit: int, offset: int):
    # FTS5 tells no per-word match, so the best MAX_MOST by bm25 (which already favours
    # documents holding more of the words) are counted again here.
    # Only the module's constant weights are formatted in; the words are a parameter.
    cursor.execute(
        "SELECT d.content_type_id, d.object_id, d.title_terms, d.body_terms"  # nosec B608
        f" FROM (SELECT rowid, bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank"
        " FROM search_fts WHERE search_fts MATCH %s ORDER BY rank, rowid LIMIT %s"
        " ) AS hits JOIN search_searchdocument d ON d.id = hits.rowid"
        " ORDER BY hits.rank, hits.rowid",
        [_fts5_expression(groups, joiner=" OR "), MAX_MOST],
    )
    rows = cursor.fetchall()
    held = [
        (sum(_holds(set(f"{title} {body}".split()), g) for g in groups), Hit(ct, pk))
        for ct, pk, title, body in rows
    ]
    held.sort(key=lambda pair: -pair[0])  # stable: bm25 order among equals
    return [hit for _count, hit in held[offset : offset + limit]], len(held)


def _most_postgresql(cursor, groups: Sequence[Group], *, limit: int, offset: int):
    held = " + ".join("(search_vector @@ to_tsquery('simple', %s))::int" for _group in groups)
    group_queries = [_tsquery([group]) for group in groups]
    any_query = _tsquery(groups, joiner=" | ")
    # ``held`` repeats a constant expression once per word group; the words are parameters.
    cursor.execute(
        "SELECT content_type_id, object_id FROM ("  # nosec B608
        f" SELECT id, content_type_id, object_id, {held} AS held,"
        " ts_rank(search_vector, to_tsquery('simple', %s), 1) AS rank"
        " FROM search_searchdocument WHERE search_vector @@ to_tsquery('simple', %s)"
        " ORDER BY held DESC, rank DESC, id LIMIT %s"
        " ) AS best ORDER BY held DESC, rank DESC, id LIMIT %s OFFSET %s",
        [*group_queries, any_query, any_query, MAX_MOST, limit, offset],
    )
    hits = [Hit(*row) for row in cursor.fetchall()]
    total = _capped_count(cursor, _PG_MATCHES.format(vector="search_vector"), any_query, MAX_MOST)
    return hits, total


def _capped_count(cursor, sql: str, params: str | list[str], cap: int) -> int:
    # ``sql`` is one of this module's constant queries; the search text is a parameter.
    query = f"SELECT count(*) FROM ({sql} LIMIT %s) AS capped"  # nosec B608
    cursor.execute(query, [*([params] if isinstance(params, str) else params), cap])
    return cursor.fetchone()[0]


def _match_sqlite(cursor, expression: str, *, limit: int, offset: int, cap: int):
    total = _capped_count(
        cursor, "SELECT 1 FROM search_fts WHERE search_fts MATCH %s", expression, cap
    )
    if total <= offset or limit <= 0:
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


def _match_postgresql(
    cursor, expression: str, excluding: str | None, *, limit: int, offset: int, cap: int
):
    """Records whose titles hold every term first, then those that hold them in the body.

    Ranking all matches of a very common word with ts_rank reads every matching row
    (70-95 ms for a word in a third of 100,000 documents); ranking the title matches on
    their small title vector, and the body matches only when the titles do not fill the
    page, keeps it to a few milliseconds (docs/performance.md). ``excluding`` (the
    records an earlier, better tier showed) is checked against the whole document.
    """
    total_query = f"({expression}) & !({excluding})" if excluding else expression
    total = _capped_count(cursor, _PG_MATCHES.format(vector="search_vector"), total_query, cap)
    if total <= offset or limit <= 0:
        return [], total
    not_shown = ""
    extra: list[str] = []
    if excluding:
        not_shown = " AND NOT search_vector @@ to_tsquery('simple', %s)"
        extra = [excluding]
    in_titles_sql = "SELECT 1 FROM search_searchdocument"  # nosec B608
    in_titles_sql += " WHERE title_vector @@ to_tsquery('simple', %s)" + not_shown
    in_titles = _capped_count(cursor, in_titles_sql, [expression, *extra], offset + limit)
    hits: list[Hit] = []
    if in_titles > offset:
        sql = _PG_PAGE.format(where="title_vector @@ query" + not_shown, vector="title_vector")
        cursor.execute(sql, [expression, *extra, limit, offset])
        hits = [Hit(*row) for row in cursor.fetchall()]
    if len(hits) < limit:
        sql = _PG_PAGE.format(
            where="search_vector @@ query AND NOT title_vector @@ query" + not_shown,
            vector="search_vector",
        )
        cursor.execute(sql, [expression, *extra, limit - len(hits), max(0, offset - in_titles)])
        hits += [Hit(*row) for row in cursor.fetchall()]
    return hits, total
