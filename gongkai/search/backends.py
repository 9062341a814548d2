"""Full-text matching per database: SQLite FTS5 (bm25) or PostgreSQL tsvector (ts_rank, GIN).

Both take the same `Filters` and the query words from `segment.query_words`, and return item ids
best first with the total count. Everything user-typed reaches SQL as a parameter.
"""

from dataclasses import dataclass, field

from django.db import connection

from .segment import QueryWord

TITLE_WEIGHT = 10.0  # a word in the 名称 (or 文号, 主题词) counts ten times a word in the body
# Counting stops here (the page says "10000+"); ranking on PostgreSQL looks at the newest
# RANK_CANDIDATES matches only, so a common word costs the same at 10,000 items as at 1,000,000.
COUNT_CAP = 10000
RANK_CANDIDATES = 1000


@dataclass(frozen=True)
class Filters:
    organ_ids: tuple[int, ...] | None = None  # None: every organ
    column_slug: str = ""
    year: int | None = None
    validity: str = ""
    exclude_ids: tuple[int, ...] = field(default=())
    published_before: object = None  # a datetime: only items whose 发布日期 is not later (the portal's "now")

    def sql(self, alias: str = "d") -> tuple[str, list]:
        clauses, params = [], []
        if self.published_before is not None:
            clauses.append(f"{alias}.published_at <= %s")
            params.append(self.published_before)
        if self.organ_ids is not None:
            if not self.organ_ids:
                clauses.append("1 = 0")
            else:
                clauses.append(f"{alias}.organ_id IN ({', '.join(['%s'] * len(self.organ_ids))})")
                params += list(self.organ_ids)
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
            clauses.append(f"{alias}.item_id NOT IN ({', '.join(['%s'] * len(self.exclude_ids))})")
            params += list(self.exclude_ids)
        return (" AND " + " AND ".join(clauses)) if clauses else "", params


class SqliteBackend:
    vendor = "sqlite"

    @staticmethod
    def _quote(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    def expression(self, words: list[QueryWord], *, any_title: bool = False) -> str:
        if any_title:
            terms = {t for w in words for t in w.terms}
            return "title_seg : (" + " OR ".join(self._quote(t) for t in sorted(terms)) + ")"
        groups = []
        for w in words:
            alternative = self._quote(w.word)
            if w.parts:
                alternative = f"({alternative} OR ({' AND '.join(self._quote(p) for p in w.parts)}))"
            groups.append(alternative)
        return " AND ".join(groups)

    def match(self, words, filters: Filters, *, limit: int, offset: int, any_title: bool = False):
        where, params = filters.sql()
        expr = self.expression(words, any_title=any_title)
        base = (f"FROM search_fts JOIN search_searchdocument d ON d.item_id = search_fts.rowid "
                f"WHERE search_fts MATCH %s{where}")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP + 1})", [expr, *params])
            total = cursor.fetchone()[0]
            if not total or limit <= 0:
                return [], total
            cursor.execute(
                f"SELECT d.item_id {base} ORDER BY bm25(search_fts, {TITLE_WEIGHT}, 1.0), d.published_at DESC "
                f"LIMIT %s OFFSET %s", [expr, *params, limit, offset])
            return [row[0] for row in cursor.fetchall()], total


class PostgresBackend:
    vendor = "postgresql"

    @staticmethod
    def _quote(term: str, weight: str = "") -> str:
        return "'" + term.replace("'", "''").replace("\\", "") + "'" + (f":{weight}" if weight else "")

    def expression(self, words: list[QueryWord], *, any_title: bool = False) -> str:
        if any_title:
            terms = {t for w in words for t in w.terms}
            return " | ".join(self._quote(t, "A") for t in sorted(terms))
        groups = []
        for w in words:
            alternative = self._quote(w.word)
            if w.parts:
                alternative = f"({alternative} | ({' & '.join(self._quote(p) for p in w.parts)}))"
            groups.append(alternative)
        return " & ".join(groups)

    def match(self, words, filters: Filters, *, limit: int, offset: int, any_title: bool = False):
        where, params = filters.sql()
        expr = self.expression(words, any_title=any_title)
        base = f"FROM search_searchdocument d WHERE d.tsv @@ to_tsquery('simple', %s){where}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT {COUNT_CAP + 1}) s", [expr, *params])
            total = cursor.fetchone()[0]
            if not total or limit <= 0:
                return [], total
            if offset + limit <= RANK_CANDIDATES:
                cursor.execute(
                    f"WITH m AS MATERIALIZED (SELECT d.item_id, d.tsv, d.published_at {base} "
                    f"ORDER BY d.published_at DESC LIMIT {RANK_CANDIDATES}) "
                    f"SELECT item_id FROM m ORDER BY ts_rank(m.tsv, to_tsquery('simple', %s)) DESC, "
                    f"published_at DESC LIMIT %s OFFSET %s", [expr, *params, expr, limit, offset])
            else:  # deep pages: newest first
                cursor.execute(f"SELECT d.item_id {base} ORDER BY d.published_at DESC LIMIT %s OFFSET %s",
                               [expr, *params, limit, offset])
            return [row[0] for row in cursor.fetchall()], total


def backend():
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"全文检索不支持数据库 {connection.vendor}。")
