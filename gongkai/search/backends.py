"""Full-text matching per database: SQLite FTS5 (bm25) or PostgreSQL tsvector (RUM `<=>`, else ts_rank on GIN).

Both take the same `Filters` and the query words from `segment.query_words`, and rank the same way:

1. items holding every query word as a whole word (the strict query), ranked in the index — a word in the 名称
   (or 文号, 主题词) counts ten times one in the body — the newer first among equal ranks;
2. then items that hold some word only as its parts (the loose query: 最低生活保障 as 最低, 生活, 保障, for text
   the segmenter cut differently), ranked the same way.

One query per tier fetches up to EXACT_COUNT_MAX + 1 ranked ids, so the page (any of the first MAX_PAGES) and
the total come from the same index scan: exact up to EXACT_COUNT_MAX, "超过 1,000" or the planner's "约 N"
beyond. The second tier is read only when the page reaches it (then the total is "约": the parts-only matches
are not counted). On PostgreSQL a query the planner expects to match more than GIANT items (at a million items,
one in twenty) is not ranked — ranking reads every match's positions, hundreds of milliseconds at a million
items — but listed 名称 matches first, newest first, then the others newest first, each read backwards
along the 发布日期 index until the page is full. Everything user-typed reaches SQL as a parameter.
"""

import json
from dataclasses import dataclass, field

from django.db import connection

from .segment import QueryWord

TITLE_WEIGHT = 10.0  # SQLite bm25 column weight; on PostgreSQL the 名称 side is weighted A (1.0), the body D (0.1)
EXACT_COUNT_MAX = 1000  # ranked and counted exactly up to here (MAX_PAGES × PER_PAGE of the selectors)
GIANT = 50_000  # PostgreSQL: more expected matches than this are listed by field and date, not ranked


@dataclass(frozen=True)
class Filters:
    organ_ids: tuple[int, ...] | None = None  # None: every organ
    column_slug: str = ""
    year: int | None = None
    validity: str = ""
    exclude_ids: tuple[int, ...] = field(default=())
    published_before: object = None  # a datetime: only items whose 发布日期 is not later (the portal's "now")

    def sql(self, alias: str = "d", *, arrays: bool = False) -> tuple[str, list]:
        """` AND …` conditions and their parameters; `arrays` passes id lists as one array (PostgreSQL)."""
        clauses, params = [], []

        def ids(column: str, values: tuple[int, ...], negate: bool = False):
            if arrays:
                clauses.append(f"{'NOT ' if negate else ''}{alias}.{column} = ANY(%s::bigint[])")
                params.append(list(values))
            else:
                clauses.append(f"{alias}.{column} {'NOT ' if negate else ''}IN ({', '.join(['%s'] * len(values))})")
                params.extend(values)

        if self.published_before is not None:
            clauses.append(f"{alias}.published_at <= %s")
            params.append(self.published_before)
        if self.organ_ids is not None:
            if not self.organ_ids:
                clauses.append("1 = 0")
            elif len(self.organ_ids) == 1:
                clauses.append(f"{alias}.organ_id = %s")
                params.append(self.organ_ids[0])
            else:
                ids("organ_id", self.organ_ids)
        if self.column_slug:
            clauses.append(f"{alias}.column_slug = %s")
            params.append(self.column_slug)
        if self.year:
            clauses.append(f"{alias}.year = %s")
            params.append(self.year)
        if self.validity:
            clauses.append(f"{alias}.validity = %s")
            params.append(self.validity)
        if self.exclude_ids:
            ids("item_id", self.exclude_ids, negate=True)
        return (" AND " + " AND ".join(clauses)) if clauses else "", params


@dataclass
class Match:
    ids: list[int]
    total: int
    approximate: bool = False  # `total` is an estimate ("约 N 条")
    at_least: bool = False  # more than `total` were found and no estimate says how many ("超过 N 条")


class Backend:
    """What both databases share: the tiers, the page and the total from the ranked ids."""

    vendor = ""

    def strict(self, words: list[QueryWord]) -> str:
        raise NotImplementedError

    def loose(self, words: list[QueryWord]) -> str:
        raise NotImplementedError

    def loose_only(self, loose: str, strict: str) -> str:
        """Matches of the loose query that the strict one does not match."""
        raise NotImplementedError

    def any_title(self, words: list[QueryWord]) -> str:
        raise NotImplementedError

    def ranked(self, match: str, order: str, filters: Filters, cap: int, *, title: bool = False) -> list[int]:
        """Up to `cap` ids matching `match`, best `order` rank first, newer first among equals."""
        raise NotImplementedError

    def estimate(self, match: str, filters: Filters) -> int | None:
        return None

    def newest_by_field(self, match: str, filters: Filters, limit: int, offset: int) -> list[int]:
        raise NotImplementedError

    def match(self, words: list[QueryWord], filters: Filters, *, limit: int, offset: int) -> Match:
        strict, loose = self.strict(words), self.loose(words)
        estimate = self.estimate(loose, filters)
        if estimate is not None and estimate > GIANT:
            return Match(self.newest_by_field(loose, filters, limit, offset), estimate, approximate=True)
        cap = EXACT_COUNT_MAX + 1
        ids = self.ranked(strict, strict, filters, cap)
        if loose == strict:
            return self._page(ids, estimate, limit, offset)
        if len(ids) < min(cap, offset + limit) or estimate is None:  # the page reaches the parts-only items
            # (or SQLite, a demo's catalogue: both tiers are cheap there, and its total stays exact)
            ids += self.ranked(self.loose_only(loose, strict), loose, filters, cap - len(ids))
            return self._page(ids, estimate, limit, offset)
        # The whole-word matches fill the page: the parts-only ones are not ranked (a second scan of the
        # commonest lexemes), so the total counts them only as the planner expects them.
        found = self._page(ids, estimate, limit, offset)
        if found.at_least or estimate is None or estimate <= found.total:
            return Match(found.ids, found.total, approximate=True, at_least=found.at_least)
        return Match(found.ids, estimate, approximate=True)

    def fuzzy(self, words: list[QueryWord], filters: Filters, *, limit: int, offset: int) -> Match:
        """Items whose 名称 holds any of the words (when no item holds them all), most shared words first."""
        expr = self.any_title(words)
        return self._page(self.ranked(expr, expr, filters, EXACT_COUNT_MAX + 1, title=True), None, limit, offset)

    @staticmethod
    def _page(ids: list[int], estimate: int | None, limit: int, offset: int) -> Match:
        page = ids[offset:offset + limit]
        if len(ids) <= EXACT_COUNT_MAX:
            return Match(page, len(ids))
        if estimate is not None and estimate > EXACT_COUNT_MAX:
            return Match(page, estimate, approximate=True)
        return Match(page, EXACT_COUNT_MAX, at_least=True)


def _ranked_ids_sql(score: str, source: str, *, index_ordered: bool) -> str:
    """Item ids from `source` (FROM … WHERE …) by `score` (smaller is better), the newer first among equal
    scores, up to a LIMIT %s. Where the index returns the rank order (RUM) the capped rows are re-ordered
    (equal scores beyond the cap are not seen: the newer first among those the index returned); elsewhere the
    database sorts every match by both keys."""
    if not index_ordered:
        return f"SELECT d.item_id {source} ORDER BY {score}, d.published_at DESC, d.item_id DESC LIMIT %s"
    return (f"SELECT item_id FROM (SELECT d.item_id, d.published_at, {score} AS score {source} ORDER BY {score} "
            f"LIMIT %s) ranked ORDER BY score, published_at DESC, item_id DESC")


class SqliteBackend(Backend):
    vendor = "sqlite"

    @staticmethod
    def _quote(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    def strict(self, words):
        return " AND ".join(self._quote(w.word) for w in words)

    def loose(self, words):
        groups = []
        for w in words:
            alternative = self._quote(w.word)
            if w.parts:
                alternative = f"({alternative} OR ({' AND '.join(self._quote(p) for p in w.parts)}))"
            groups.append(alternative)
        return " AND ".join(groups)

    def loose_only(self, loose, strict):
        return f"({loose}) NOT ({strict})"

    def any_title(self, words):
        terms = {t for w in words for t in w.terms}
        return "title_seg : (" + " OR ".join(self._quote(t) for t in sorted(terms)) + ")"

    def ranked(self, match, order, filters, cap, *, title=False):
        where, params = filters.sql()
        source = (f"FROM search_fts JOIN search_searchdocument d ON d.item_id = search_fts.rowid "
                  f"WHERE search_fts MATCH %s{where}")
        with connection.cursor() as cursor:
            cursor.execute(_ranked_ids_sql(f"bm25(search_fts, {TITLE_WEIGHT}, 1.0)", source, index_ordered=False),
                           [match, *params, cap])
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend(Backend):
    vendor = "postgresql"

    @staticmethod
    def _quote(term: str) -> str:
        return "'" + term.replace("'", "''").replace("\\", "") + "'"

    def strict(self, words):
        return " & ".join(self._quote(w.word) for w in words)

    def loose(self, words):
        groups = []
        for w in words:
            alternative = self._quote(w.word)
            if w.parts:
                alternative = f"({alternative} | ({' & '.join(self._quote(p) for p in w.parts)}))"
            groups.append(alternative)
        return " & ".join(groups)

    def loose_only(self, loose, strict):
        return f"({loose}) & !({strict})"

    def any_title(self, words):
        return " | ".join(self._quote(t) for t in sorted({t for w in words for t in w.terms}))

    def ranked_sql(self, match: str, order: str, filters: Filters, cap: int, *, title: bool = False):
        """The ranked query: with RUM the index returns the matches in rank order (`<=>`, its distance: smaller
        is better) without reading their rows; on GIN, ts_rank over every match."""
        from .fulltext import index_kind

        column = "title_tsv" if title else "tsv"
        where, params = filters.sql(arrays=True)
        source = f"FROM search_searchdocument d WHERE d.{column} @@ to_tsquery('simple', %s){where}"
        if index_kind() == "rum":
            sql = _ranked_ids_sql(f"d.{column} <=> to_tsquery('simple', %s)", source, index_ordered=True)
            return sql, [order, match, *params, order, cap]
        sql = _ranked_ids_sql(f"-ts_rank(d.{column}, to_tsquery('simple', %s))", source, index_ordered=False)
        return sql, [match, *params, order, cap]

    def ranked(self, match, order, filters, cap, *, title=False):
        sql, params = self.ranked_sql(match, order, filters, cap, title=title)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def estimate(self, match, filters):
        """The planner's row estimate for the match (planning only: nothing is read but the statistics)."""
        where, params = filters.sql(arrays=True)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) SELECT 1 FROM search_searchdocument d "
                           f"WHERE d.tsv @@ to_tsquery('simple', %s){where}", [match, *params])
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])

    def newest_by_field(self, match, filters, limit, offset):
        """名称 matches newest first, then the other matches newest first (a very common word: both dense,
        so reading the 发布日期 index backwards fills a page after a few dozen rows)."""
        where, params = filters.sql(arrays=True)
        base = "SELECT d.item_id FROM search_searchdocument d WHERE "
        tail = f"{where} ORDER BY d.published_at DESC, d.item_id DESC LIMIT %s OFFSET %s"
        with connection.cursor() as cursor:
            cursor.execute(f"{base}d.title_tsv @@ to_tsquery('simple', %s){tail}", [match, *params, limit, offset])
            ids = [row[0] for row in cursor.fetchall()]
            if len(ids) == limit:
                return ids
            if ids:
                titled = offset + len(ids)
            else:  # the page lies past the 名称 matches: how many are there (fewer than `offset`)?
                cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM search_searchdocument d WHERE "
                               f"d.title_tsv @@ to_tsquery('simple', %s){where} LIMIT %s) s",
                               [match, *params, offset])
                titled = cursor.fetchone()[0]
            cursor.execute(f"{base}d.tsv @@ to_tsquery('simple', %s) AND NOT d.title_tsv @@ to_tsquery('simple', %s)"
                           f"{tail}", [match, match, *params, limit - len(ids), max(0, offset - titled)])
            return ids + [row[0] for row in cursor.fetchall()]


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"全文检索不支持数据库 {connection.vendor}。")
