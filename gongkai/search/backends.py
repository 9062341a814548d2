"""Full-text matching per database: SQLite FTS5 (bm25) or PostgreSQL tsvector (RUM `<=>`, else ts_rank on GIN).

Both take the same `Filters` and the query words from `segment.query_words`, and list the matches in tiers:

1. items whose 名称 holds every query word as a whole word, ranked in the 名称's own index;
2. the other items holding every word (in the body, 文号 or 主题词), ranked over the whole document — a word on the
   名称 side counts ten times one in the body — by the query's selective words: on PostgreSQL a word in more than
   COMMON_SHARE of the items (管理, 办法, 政府 …), by the statistics ANALYZE keeps, must match but does not rank,
   as an inverse document frequency would weigh it next to nothing (bm25 on SQLite weighs by rarity itself);
3. items that hold some word only as its parts (the loose query: 最低生活保障 as 最低, 生活, 保障, for text the
   segmenter cut differently — jieba cuts a phrase by its context), those whose 名称 does so first: the same two
   tiers again.

Within a tier the newer comes first among equal ranks. A large tier — more than TITLE_RANK_MAX 名称 matches, more
than RANK_MAX others — is not ranked but listed newest first: its ranks are mostly equal (a word once in many
名称), and ranking reads every match's positions. Tiers are read only as far as the page reaches.

A tier is ranked whole: its matches are found in the full-text index (one past the most it ranks), each ranked
from its row, and sorted — so its size is exact, and equal ranks are newer first however many tie (templated
bodies that cite a policy once tie by the hundred). RUM's own rank order (`ORDER BY tsv <=> query`) serves the
fuzzy matches, whose number is not bounded; it ranks every match before returning the first, so a bounded tier
costs no more ranked by the database.

SQLite (a demo's catalogue) and a small PostgreSQL table count every tier to RANK_MAX + 1, so the total is exact up
to EXACT_COUNT_MAX ("超过 1,000" beyond). On a large PostgreSQL table a tier is not read when the planner expects it
large, and a total that was not counted is the planner's "约 N" — for several words at least the rarest word's own
estimate, since words cut from one phrase mostly occur together. A query the planner expects to match more than
GIANT items (at a million items, one in twenty) skips the tiers: 名称 matches newest first, then the others
(`newest_by_field`). A newest-first page near the top of a dense tier is read backwards along the 发布日期 index, a
few rows per hit; deeper, or in a sparse tier, from the full-text index. Everything user-typed reaches SQL as a
parameter.
"""

import json
import time
from dataclasses import dataclass, field

from django.db import connection

from .segment import QueryWord

TITLE_WEIGHT = 10.0  # SQLite bm25 column weight; on PostgreSQL the 名称 side is weighted A (1.0), the body D (0.1)
EXACT_COUNT_MAX = 1000  # ranked and counted exactly up to here (MAX_PAGES × PER_PAGE of the selectors)
RANK_MAX = EXACT_COUNT_MAX  # a tier of more matches is listed newest first, not ranked
TITLE_RANK_MAX = 200  # …and a 名称 tier of more than this (its ranks are mostly equal: a word once in a 名称)
PAIR_MAX = RANK_MAX + TITLE_RANK_MAX  # a 名称 tier and the tier beside it are read at once up to this many
GIANT = 50_000  # PostgreSQL: more expected matches than this are listed by field and date, not ranked
COMMON_SHARE = 0.05  # a word in more of the items than this must match but does not rank (PostgreSQL)
WALK_MAX_ROWS = 20_000  # a newest-first page is read along the 发布日期 index within this many rows
ESTIMATED_ROWS = 10 * RANK_MAX  # PostgreSQL: below this many items every tier is counted, not estimated
STATS_SECONDS = 600  # how long the word frequencies and the table size read from the statistics are kept


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


@dataclass(frozen=True)
class Tier:
    """One tier of the matches: the items matching `match` (on the 名称 side alone when `title`), except those
    whose 名称 matches `not_title` or whose whole document matches `not_document` (an earlier tier's), ranked by
    `order`."""

    match: str
    order: str
    title: bool = False
    not_title: str = ""
    not_document: str = ""


class Backend:
    """What both databases share: the tiers, the page and the total."""

    vendor = ""
    pairs = False  # reads a 名称 tier and the tier beside it at once (`paired`)

    def strict(self, words: list[QueryWord]) -> str:
        raise NotImplementedError

    def loose(self, words: list[QueryWord]) -> str:
        raise NotImplementedError

    def loose_only(self, loose: str, strict: str) -> str:
        """Matches of the loose query that the strict one does not match."""
        raise NotImplementedError

    def any_title(self, words: list[QueryWord]) -> str:
        raise NotImplementedError

    def selective(self, words: list[QueryWord]) -> list[QueryWord]:
        """The words that rank the matches beyond the 名称: all of them (bm25 weighs each by its rarity itself)."""
        return words

    def rarest(self, words: list[QueryWord]) -> QueryWord:
        return words[0]

    def ranked(self, tier: Tier, filters: Filters, cap: int) -> list[int]:
        """Up to `cap` ids of the tier, best rank first (the fuzzy matches: any word of the 名称)."""
        raise NotImplementedError

    def newest(self, tier: Tier, filters: Filters, limit: int, offset: int, *, size: int) -> list[int]:
        """A page of the tier, newest 发布日期 first (`size`: how many it holds, at least)."""
        raise NotImplementedError

    def count(self, tier: Tier, filters: Filters, cap: int) -> int:
        """How many items the tier holds, counted in the index up to `cap`."""
        raise NotImplementedError

    def estimate(self, match: str, filters: Filters, *, title: bool = False) -> int | None:
        """The planner's expectation of how many items match (None: no planner to ask — count instead)."""
        return None

    def newest_by_field(self, match: str, filters: Filters, limit: int, offset: int) -> list[int]:
        raise NotImplementedError

    @staticmethod
    def _ids(sql: str, params: list) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def tiers(self, words: list[QueryWord]) -> list[Tier]:
        strict, loose = self.strict(words), self.loose(words)
        ranking = self.selective(words)
        tiers = [Tier(strict, strict, title=True),
                 Tier(strict, self.strict(ranking), not_title=strict)]
        if loose != strict:  # the same two for the items holding some word only as its parts
            tiers += [Tier(loose, loose, title=True, not_document=strict),
                      Tier(self.loose_only(loose, strict), self.loose(ranking), not_title=loose)]
        return tiers

    def sized(self, tier: Tier, filters: Filters, most: int, cap: int) -> tuple[int, list[int] | None]:
        """How many the tier holds (counted up to `cap`) and, when at most `most`, its ids: every match ranked,
        best first, the newer first among equal ranks."""
        size = self.count(tier, filters, cap)
        return size, (self.ranked(tier, filters, most) if 0 < size <= most else [] if size == 0 else None)

    def paired(self, title: Tier, body: Tier, filters: Filters, cap: int) -> list[int] | None:
        """A 名称 tier and the tier beside it (the same match, the 名称 not matching), read at once when together
        they hold fewer than `cap` items: the 名称 tier's ids in its order, then the other's; None when they hold
        more (read them tier by tier). Only where `pairs` (not SQLite: a demo's catalogue, every tier counted)."""
        raise NotImplementedError

    def _read(self, tier: Tier, filters: Filters, expected: int | None, *,
              planner: bool) -> tuple[int, list[int] | None]:
        """A tier's size (exact below the cap it was counted to) and, unless it is large, its ranked ids (None: list
        it newest first). With a planner a tier it expects to be large (`expected`: None when not asked) is not read
        at all, and the others are read one past the most they rank; without one (SQLite, a small table) every tier
        is counted up to RANK_MAX + 1, for an exact total."""
        most = self.rank_max(tier)
        if not planner:
            return self.sized(tier, filters, most, RANK_MAX + 1)
        if expected is not None and expected > most:
            return most + 1, None
        return self.sized(tier, filters, most, most + 1)

    @staticmethod
    def rank_max(tier: Tier) -> int:
        return TITLE_RANK_MAX if tier.title else RANK_MAX

    def match(self, words: list[QueryWord], filters: Filters, *, limit: int, offset: int) -> Match:
        loose = self.loose(words)
        estimate = self.estimate(loose, filters)
        if estimate is not None and estimate > GIANT:
            return Match(self.newest_by_field(loose, filters, limit, offset), estimate, approximate=True)
        reach, planner = offset + limit, estimate is not None
        ids: list[int | None] = []  # the tiers' ids from the first position on (None: a position not read)
        found, counted, exact = 0, True, True  # exact: `found` is how many match (else at least that many)
        tiers, read = self.tiers(words), -1  # read: the last tier read with its 名称 tier (`paired`)
        # With a planner: how many the tier beside a 名称 tier holds at least, its pair too large to read at once.
        # (With a planner a 名称 tier is never reached on a full page — the first one, or the parts-only one that a
        # full page skips — so the 名称 tier is always read, and counted, before its neighbour.)
        floor = 0
        for n, tier in enumerate(tiers):
            if n <= read:
                continue
            if n >= 2 and found >= reach and planner:
                # The every-word tiers fill the page: the parts-only matches are not read (a second scan of the
                # commonest lexemes), so the total counts them only as the planner expects them. (SQLite, a
                # demo's catalogue, reads them: its total stays exact.)
                counted = False
                break
            if self.pairs and tier.title and (estimate is None or estimate <= PAIR_MAX):  # both at once
                paired = self.paired(tier, tiers[n + 1], filters, PAIR_MAX + 1)
                if paired is not None:
                    ids += paired
                    found += len(paired)
                    read = n + 1
                    if found > RANK_MAX:
                        break
                    continue
                if planner:  # less the 名称 tier's size, once counted: the tier beside it is large
                    floor = PAIR_MAX + 1
            if estimate is None:
                expected = None
            elif tier.title:  # large for sure when the planner expects many (its guess for several words is low)
                expected = self.estimate(tier.match, filters, title=True)
            elif tier.match == loose:  # the every-word tier when no word has parts: the estimate made above
                expected = estimate
            elif n == 3:  # the parts-only tier beyond the 名称
                expected = self.estimate(tier.match, filters)
            else:  # the every-word tier beside a loose query: read (its estimate for several words is poor)
                expected = None
            if not tier.title and floor > RANK_MAX:
                expected = max(expected or 0, floor)
            if found >= reach:  # the page is full: only the tier's size is needed, for the total
                if planner and expected is None:
                    expected = self.estimate(tier.match, filters, title=tier.title)
                if planner and expected is not None and expected > RANK_MAX:  # not counted
                    size = RANK_MAX + 1
                else:
                    size = self.count(tier, filters, RANK_MAX + 1)
                found += size
                exact = exact and size <= RANK_MAX
                if found > RANK_MAX or not exact:
                    break
                continue
            size, tier_ids = self._read(tier, filters, expected, planner=planner)
            floor = max(0, floor - size) if tier.title and tier_ids is not None else 0
            if tier_ids is None:  # large: listed newest first
                # its size is exact only when counted in full (no planner, at most RANK_MAX); else at least this
                uncounted = size > RANK_MAX or planner
                start = max(0, offset - found)
                end = reach - found if uncounted else min(reach - found, size)
                if start < end:  # the page lies in this tier, as far as is known
                    got = self.newest(tier, filters, end - start, start, size=max(size, expected or 0))
                    if got:
                        ids += [None] * start + got
                    if len(got) < end - start:  # the tier ends on this page (or, read nothing, before it)
                        size = start + len(got) if got or not start else self.count(tier, filters, RANK_MAX + 1)
                        uncounted = size > RANK_MAX
                ids += [None] * (found + size - len(ids))  # the tier's positions not read
                found += size
                if uncounted:  # the page ends in this tier; how far it goes, the planner guesses
                    exact = False
                    break
                continue
            ids += tier_ids
            found += len(tier_ids)
            if found > RANK_MAX:
                break
        page = [i for i in ids[offset:reach] if i is not None]
        if found <= EXACT_COUNT_MAX and counted and exact:
            return Match(page, found)
        guess = estimate
        if not exact and estimate is not None:
            # A large tier was not counted to its end. Words cut from one phrase mostly occur together, so
            # the planner's guess (as if they were independent) runs low; the rarest word's own count bounds the
            # matches from above and, for such words, is near them.
            guess = max(estimate, self.estimate(self.strict([self.rarest(words)]), filters) or 0)
        if guess is not None and guess > found:
            return Match(page, guess, approximate=True)
        if found > EXACT_COUNT_MAX:
            return Match(page, EXACT_COUNT_MAX, at_least=True)
        if not exact:
            return Match(page, found, at_least=True)
        return Match(page, found, approximate=True)

    def fuzzy(self, words: list[QueryWord], filters: Filters, *, limit: int, offset: int) -> Match:
        """Items whose 名称 holds any of the words (when no item holds them all), most shared words first."""
        expr = self.any_title(words)
        ids = self.ranked(Tier(expr, expr, title=True), filters, EXACT_COUNT_MAX + 1)
        page = ids[offset:offset + limit]
        if len(ids) <= EXACT_COUNT_MAX:
            return Match(page, len(ids))
        return Match(page, EXACT_COUNT_MAX, at_least=True)


def _ranked_ids_sql(score: str, source: str, *, index_ordered: bool) -> str:
    """Item ids from `source` (FROM … WHERE …) by `score` (smaller is better), the newer first among equal
    scores, up to a LIMIT %s. Where the index returns the rank order (RUM) the capped rows are re-ordered (equal
    scores beyond the cap are not seen: the newer first among those the index returned); elsewhere the database
    sorts every match by both keys."""
    if not index_ordered:
        return f"SELECT d.item_id {source} ORDER BY {score}, d.published_at DESC, d.item_id DESC LIMIT %s"
    return (f"SELECT item_id FROM (SELECT d.item_id, d.published_at, {score} AS score "
            f"{source} ORDER BY {score} LIMIT %s) ranked ORDER BY score, published_at DESC, item_id DESC")


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
        return " OR ".join(self._quote(t) for t in sorted({t for w in words for t in w.terms}))

    @staticmethod
    def _source(tier: Tier, filters: Filters) -> tuple[str, list]:
        """FROM … WHERE … of the tier's items and its parameters (the FTS5 expression first)."""
        expr = f"title_seg : ({tier.match})" if tier.title else tier.match
        if tier.not_title:
            expr = f"({expr}) NOT (title_seg : ({tier.not_title}))"
        if tier.not_document:
            expr = f"({expr}) NOT ({tier.not_document})"
        where, params = filters.sql()
        return (f"FROM search_fts JOIN search_searchdocument d ON d.item_id = search_fts.rowid "
                f"WHERE search_fts MATCH %s{where}"), [expr, *params]

    def ranked(self, tier, filters, cap):
        source, params = self._source(tier, filters)
        return self._ids(_ranked_ids_sql(f"bm25(search_fts, {TITLE_WEIGHT}, 1.0)", source, index_ordered=False),
                         [*params, cap])

    def newest(self, tier, filters, limit, offset, *, size):
        source, params = self._source(tier, filters)
        return self._ids(f"SELECT d.item_id {source} ORDER BY d.published_at DESC, d.item_id DESC LIMIT %s OFFSET %s",
                         [*params, limit, offset])

    def count(self, tier, filters, cap):
        source, params = self._source(tier, filters)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s) s", [*params, cap])
            return cursor.fetchone()[0]


class PostgresBackend(Backend):
    vendor = "postgresql"
    pairs = True

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

    def selective(self, words):
        """The words that rank the every-word matches: those in at most COMMON_SHARE of the items, by the
        statistics ANALYZE keeps of the index column (a word it does not list is rarer than any it lists); the
        rarest word when every one is common."""
        shares = statistics().shares
        return [w for w in words if shares.get(w.word, 0.0) <= COMMON_SHARE] or [self.rarest(words)]

    def rarest(self, words):
        shares = statistics().shares
        return min(words, key=lambda w: shares.get(w.word, 0.0))

    @staticmethod
    def _condition(tier: Tier) -> tuple[str, list]:
        column = "title_tsv" if tier.title else "tsv"
        sql, params = f"d.{column} @@ to_tsquery('simple', %s)", [tier.match]
        if tier.not_title:
            sql += " AND NOT d.title_tsv @@ to_tsquery('simple', %s)"
            params.append(tier.not_title)
        if tier.not_document:
            sql += " AND NOT d.tsv @@ to_tsquery('simple', %s)"
            params.append(tier.not_document)
        return sql, params

    @staticmethod
    def _score(tier: Tier, *, ordered: bool = False) -> str:
        """The rank of a match (smaller is better) by the tier's `order`, one %s: ts_rank computed from the row's
        tsvector (kept in the row, not in TOAST: migration 0004; the weights A 1.0, D 0.1 — a word in the 名称
        counts ten times one in the body) — or, `ordered`, RUM's distance `<=>`, which its index hands over in
        order. ts_rank costs a third of `<=>` computed from the row (0.5 against 1.4 µs a match)."""
        from .fulltext import index_kind

        column = "title_tsv" if tier.title else "tsv"
        if ordered and index_kind() == "rum":
            return f"d.{column} <=> to_tsquery('simple', %s)"
        return f"-ts_rank(d.{column}, to_tsquery('simple', %s))"

    def ranked_sql(self, tier: Tier, filters: Filters, cap: int) -> tuple[str, list]:
        """The best `cap` matches by rank, however many there are: with RUM the index returns the matches in rank
        order (`<=>`) without reading their rows; on GIN, ts_rank over every match."""
        from .fulltext import index_kind

        condition, params = self._condition(tier)
        where, filter_params = filters.sql(arrays=True)
        source = f"FROM search_searchdocument d WHERE {condition}{where}"
        rum = index_kind() == "rum"
        sql = _ranked_ids_sql(self._score(tier, ordered=True), source, index_ordered=rum)
        return sql, ([tier.order, *params, *filter_params, tier.order, cap] if rum
                     else [*params, *filter_params, tier.order, cap])

    def ranked(self, tier, filters, cap):
        return self._ids(*self.ranked_sql(tier, filters, cap))

    def newest_sql(self, tier: Tier, filters: Filters, limit: int, offset: int, *, walk: bool) -> tuple[str, list]:
        """A newest-first page of a large tier. `walk`: the match is kept out of the index condition, so the
        newest WALK_MAX_ROWS rows (at most) are read backwards along the 发布日期 index and checked until the page
        is full; otherwise the planner reads the full-text index and sorts its matches by date."""
        condition, params = self._condition(tier)
        where, filter_params = filters.sql(arrays=True)
        order = "ORDER BY d.published_at DESC, d.item_id DESC"
        if not walk:
            return (f"SELECT d.item_id FROM search_searchdocument d WHERE {condition}{where} {order} "
                    f"LIMIT %s OFFSET %s", [*params, *filter_params, limit, offset])
        return (f"SELECT item_id FROM (SELECT d.item_id, d.published_at, ({condition}) AS hit "
                f"FROM search_searchdocument d WHERE true{where} {order} LIMIT %s) newest WHERE hit "
                f"ORDER BY published_at DESC, item_id DESC LIMIT %s OFFSET %s",
                [*params, *filter_params, WALK_MAX_ROWS, limit, offset])

    def newest(self, tier, filters, limit, offset, *, size):
        """Near the top of a dense tier (the walk reads about (offset + limit) × rows / size rows, fewer than
        WALK_MAX_ROWS) along the 发布日期 index; when that window holds too few (the tier is sparser than
        expected), or deeper, from the full-text index."""
        if (offset + limit) * statistics().rows <= WALK_MAX_ROWS * max(size, 1):
            ids = self._ids(*self.newest_sql(tier, filters, limit, offset, walk=True))
            if len(ids) == limit:
                return ids
        return self._ids(*self.newest_sql(tier, filters, limit, offset, walk=False))

    def count_sql(self, tier: Tier, filters: Filters, cap: int) -> tuple[str, list]:
        """The capped count: the tier's matches in the index, stopped at `cap` (no ranking, no sorting)."""
        condition, params = self._condition(tier)
        where, filter_params = filters.sql(arrays=True)
        return (f"SELECT count(*) FROM (SELECT 1 FROM search_searchdocument d WHERE {condition}{where} LIMIT %s) s",
                [*params, *filter_params, cap])

    def count(self, tier, filters, cap):
        with connection.cursor() as cursor:
            cursor.execute(*self.count_sql(tier, filters, cap))
            return cursor.fetchone()[0]

    def sized_sql(self, tier: Tier, filters: Filters, cap: int) -> tuple[str, list]:
        """Up to `cap` matches found in the full-text index (in no particular order: a bitmap or plain index scan
        that stops at the cap), each ranked from its row, then sorted: best first, the newer first among equals."""
        condition, params = self._condition(tier)
        where, filter_params = filters.sql(arrays=True)
        return (f"SELECT item_id FROM (SELECT d.item_id, d.published_at, {self._score(tier)} AS score "
                f"FROM search_searchdocument d WHERE {condition}{where} LIMIT %s) found "
                f"ORDER BY score, published_at DESC, item_id DESC", [tier.order, *params, *filter_params, cap])

    def sized(self, tier, filters, most, cap):
        """One statement: the tier's first `cap` matches, every one ranked. Fewer than `cap` is the tier whole —
        its exact size and order, equal ranks newer first however many tie; `cap` of them, a large tier. (RUM's
        ordered scan would hand over the best few, but it ranks every match before the first anyway, and equal
        ranks at the page's end need the tier read on to its end.)"""
        ids = self._ids(*self.sized_sql(tier, filters, cap))
        return len(ids), (ids if len(ids) <= most else None)

    def paired_sql(self, title: Tier, body: Tier, filters: Filters, cap: int) -> tuple[str, list]:
        """Up to `cap` items matching `body.match` (the document's: a 名称 match is one too), each flagged whether
        its 名称 matches `title.match` and ranked as its tier ranks; the 名称 ones first, then the others, each
        part as its tier is listed: by rank, newer first among equals — newest first when it is large (more than
        TITLE_RANK_MAX 名称 matches, more than RANK_MAX others)."""
        title_score, body_score = self._score(title), self._score(body)
        in_title = "d.title_tsv @@ to_tsquery('simple', %s)"
        where, filter_params = filters.sql(arrays=True)
        sql = (f"SELECT item_id FROM (SELECT *, count(*) FILTER (WHERE in_title) OVER () AS titled, "
               f"count(*) FILTER (WHERE NOT in_title) OVER () AS others FROM ("
               f"SELECT d.item_id, d.published_at, {in_title} AS in_title, "
               f"CASE WHEN {in_title} THEN {title_score} ELSE {body_score} END AS score "
               f"FROM search_searchdocument d WHERE d.tsv @@ to_tsquery('simple', %s){where} LIMIT %s) found) counted "
               f"ORDER BY in_title DESC, "
               f"CASE WHEN in_title AND titled > %s OR NOT in_title AND others > %s THEN 0 ELSE score END, "
               f"published_at DESC, item_id DESC")
        return sql, [title.match, title.match, title.order, body.order, body.match, *filter_params, cap,
                     TITLE_RANK_MAX, RANK_MAX]

    def paired(self, title, body, filters, cap):
        """One statement for both tiers of a match (GIN finds the matches; each is ranked from its row)."""
        ids = self._ids(*self.paired_sql(title, body, filters, cap))
        return ids if len(ids) < cap else None

    def estimate(self, match, filters, *, title=False):
        """The planner's row estimate for the match (planning only: nothing is read but the statistics); None
        for a table of fewer than ESTIMATED_ROWS (or never analysed): counting there is cheap and exact, and the
        planner's guesses about a small table are not."""
        if statistics().rows < ESTIMATED_ROWS:
            return None
        where, params = filters.sql(arrays=True)
        column = "title_tsv" if title else "tsv"
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) SELECT 1 FROM search_searchdocument d "
                           f"WHERE d.{column} @@ to_tsquery('simple', %s){where}", [match, *params])
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


@dataclass(frozen=True)
class Statistics:
    shares: dict[str, float]  # lexeme → the share of the items holding it, for the commonest ANALYZE lists
    rows: int  # the table's rows, as the planner knows them


_statistics: dict[tuple, tuple[float, Statistics]] = {}


def statistics() -> Statistics:
    """What ANALYZE keeps of the index (PostgreSQL), read at most every STATS_SECONDS per database."""
    settings = connection.settings_dict
    key = (settings.get("HOST"), settings.get("PORT"), settings["NAME"])
    kept = _statistics.get(key)
    if kept is not None and time.monotonic() - kept[0] < STATS_SECONDS:
        return kept[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                       "WHERE tablename = 'search_searchdocument' AND attname = 'tsv'")
        row = cursor.fetchone()
        cursor.execute("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE relname = 'search_searchdocument'")
        rows = cursor.fetchone()[0]
    shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    found = Statistics(shares, int(rows or 0))
    _statistics[key] = (time.monotonic(), found)
    return found


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"全文检索不支持数据库 {connection.vendor}。")
