"""Named reads of the search index: `search` (ranked, filtered, highlighted, paginated)."""

import math
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from gongkai.catalogue.models import Item

from .backends import Filters, backend
from .highlight import mark, snippet
from .models import SearchDocument
from .segment import highlight_terms, query_words
from .services import doc_no_key, title_key

MAX_QUERY_CHARS = 100
PER_PAGE = 10
MAX_PAGES = 100  # the ranked ids stop at backends.EXACT_COUNT_MAX (MAX_PAGES × PER_PAGE); nobody reads deeper
EXACT_LIMIT = 20  # items matched exactly by 名称, 文号 or 索引号, listed before the ranked ones
# What a hit shows (the portal's and the 专区's result lists), with its column's name: the page loads these and
# nothing else — not the item's 正文 (the snippet is cut from the index's copy of the text), not its organ.
HIT_FIELDS = ("id", "index_no", "title", "publisher", "doc_no", "published_at", "validity", "summary")


@dataclass
class Hit:
    item: object
    title_html: SafeString
    snippet_html: SafeString
    exact: bool = False  # matched the 名称, 文号 or 索引号 exactly


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    fuzzy: bool = False  # nothing matched every word; these are items whose 名称 shares some word
    approximate: bool = False  # `total` is an estimate: the page says "约 N 条"
    at_least: bool = False  # more than `total` match: the page says "超过 N 条"

    @property
    def total_display(self) -> str:
        """The total as the page prints it: exact, "超过 1,000", or "约" and two significant figures."""
        if self.at_least:
            return f"超过 {self.total:,}"
        if not self.approximate:
            return f"{self.total:,}"
        digits = max(0, len(str(self.total)) - 2)
        return f"约 {round(self.total, -digits):,}"

    @property
    def pages(self) -> int:
        return min(MAX_PAGES, max(1, math.ceil((self.total + self.at_least) / self.per_page)))

    @property
    def truncated(self) -> bool:
        """More matches than the pages list (MAX_PAGES)."""
        return self.total > self.shown_max or (self.at_least and self.total >= self.shown_max)

    @property
    def shown_max(self) -> int:
        return MAX_PAGES * self.per_page

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _exact_ids(query: str, filters: Filters) -> list[int]:
    """Items whose 名称, 文号 or 索引号 is exactly the query (newest first), read through their own indexes."""
    from django.db import connection

    key = doc_no_key(query)
    conditions, params = ["d.index_no = %s", "d.title_key = %s"], [query.strip().upper(), title_key(query)]
    if len(key) >= 4:
        conditions.append("d.doc_no_key = %s")
        params.append(key)
    where, filter_params = filters.sql(arrays=connection.vendor == "postgresql")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT d.item_id FROM {SearchDocument._meta.db_table} d WHERE ({' OR '.join(conditions)})"
                       f"{where} ORDER BY d.published_at DESC, d.item_id DESC LIMIT %s",
                       [*params, *filter_params, EXACT_LIMIT])
        return [row[0] for row in cursor.fetchall()]


def _hit_items(ids: list[int]) -> dict[int, Item]:
    """The items of a result page, loaded with what a hit shows (HIT_FIELDS, the column's name, the index's text as
    `search_text`) in one query — not the 正文, not the organ; any other field loads when read, as with only()."""
    from gongkai.catalogue.models import Column

    marks = ", ".join(["%s"] * len(ids))
    sql = (f"SELECT {', '.join('i.' + f for f in (*HIT_FIELDS, 'column_id'))}, c.name AS column_name, "
           f"d.text AS search_text "
           f"FROM {Item._meta.db_table} i JOIN {Column._meta.db_table} c ON c.id = i.column_id "
           f"LEFT JOIN {SearchDocument._meta.db_table} d ON d.item_id = i.id WHERE i.id IN ({marks})")
    items = {}
    for item in Item.objects.raw(sql, ids):
        item.column = Column.from_db(item._state.db, ["id", "name"], [item.column_id, item.column_name])
        items[item.pk] = item
    return items


def search(query: str, *, organ_ids=None, column_slug: str = "", year: int | None = None, validity: str = "",
           page: int = 1, per_page: int = PER_PAGE) -> SearchResult:
    """Published items matching `query`: exact 名称/文号/索引号 matches first, then every-word matches ranked
    (gongkai.search.backends: whole words before their parts; bm25 on SQLite, ts_rank on PostgreSQL — RUM's `<=>`
    for the fuzzy matches; the 名称 weighs ten times the body; newer first among equals); when none match every
    word, items whose 名称 shares any word (fuzzy, flagged). The total is exact up to a thousand matches, beyond
    it "超过 1,000" or the planner's estimate ("约 N 条")."""
    query = query.strip()[:MAX_QUERY_CHARS]
    result = SearchResult(query=query, page=min(MAX_PAGES, max(1, page)), per_page=per_page)
    if not query:
        return result
    from django.utils import timezone

    now = timezone.now()  # no 发布日期 later than now on the portal (catalogue.selectors.public)
    filters = Filters(tuple(organ_ids) if organ_ids is not None else None, column_slug, year, validity,
                      published_before=now)
    exact = _exact_ids(query, filters)
    words = query_words(query)
    start = (result.page - 1) * per_page
    page_exact = exact[start:start + per_page]
    ranked_offset = max(0, start - len(exact))
    ranked_limit = per_page - len(page_exact)
    ranked, ranked_total = [], 0
    engine = backend()
    if words:
        ranked_filters = Filters(filters.organ_ids, column_slug, year, validity, tuple(exact), published_before=now)
        found = engine.match(words, ranked_filters, limit=ranked_limit, offset=ranked_offset)
        if found.total == 0 and not exact:
            found = engine.fuzzy(words, ranked_filters, limit=ranked_limit, offset=ranked_offset)
            result.fuzzy = found.total > 0
        ranked, ranked_total = found.ids, found.total
        result.approximate, result.at_least = found.approximate, found.at_least
    result.total = len(exact) + ranked_total
    ids = page_exact + ranked
    if not ids:
        return result
    items = _hit_items(ids)
    terms = highlight_terms(words) if words else []
    exact_set = set(exact)
    for item_id in ids:
        item = items.get(item_id)
        if item is None:
            continue
        text = item.search_text or ""
        result.hits.append(Hit(
            item=item,
            title_html=mark(item.title, terms),
            snippet_html=snippet(text or item.summary or item.title, terms),
            exact=item_id in exact_set,
        ))
    return result
