"""Named reads of the search index: `search` (ranked, filtered, highlighted, paginated)."""

import math
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from .backends import COUNT_CAP, Filters, backend
from .highlight import mark, snippet
from .models import SearchDocument
from .segment import highlight_terms, query_words
from .services import doc_no_key

MAX_QUERY_CHARS = 100
PER_PAGE = 10


@dataclass
class Hit:
    item: object
    title_html: SafeString
    snippet_html: SafeString
    exact: bool = False  # matched the 文号 or 索引号 exactly


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    fuzzy: bool = False  # nothing matched every word; these are items whose 名称 shares some word

    @property
    def capped(self) -> bool:
        """More matches than were counted (the page shows "10000+")."""
        return self.total > COUNT_CAP

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _exact_ids(query: str, filters: Filters) -> list[int]:
    """Items whose 文号 or 索引号 is exactly the query."""
    from django.db.models import Q

    key = doc_no_key(query)
    condition = Q(index_no=query.strip().upper())
    if len(key) >= 4:
        condition |= Q(doc_no_key=key)
    qs = SearchDocument.objects.filter(condition)
    if filters.organ_ids is not None:
        qs = qs.filter(organ_id__in=filters.organ_ids)
    if filters.column_slug:
        qs = qs.filter(column_slug=filters.column_slug)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    if filters.published_before is not None:
        qs = qs.filter(published_at__lte=filters.published_before)
    return list(qs.order_by("-published_at").values_list("item_id", flat=True)[:20])


def search(query: str, *, organ_ids=None, column_slug: str = "", year: int | None = None, validity: str = "",
           page: int = 1, per_page: int = PER_PAGE) -> SearchResult:
    """Published items matching `query`: exact 文号/索引号 matches first, then every-word matches ranked
    by bm25 or ts_rank (名称 weighted over the body); when none match every word, items whose 名称
    shares any word (fuzzy, flagged)."""
    from gongkai.catalogue.models import Item

    query = query.strip()[:MAX_QUERY_CHARS]
    result = SearchResult(query=query, page=max(1, page), per_page=per_page)
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
        ranked, ranked_total = engine.match(words, ranked_filters, limit=ranked_limit, offset=ranked_offset)
        if ranked_total == 0 and not exact:
            ranked, ranked_total = engine.match(words, ranked_filters, limit=ranked_limit, offset=ranked_offset,
                                                any_title=True)
            result.fuzzy = ranked_total > 0
    result.total = len(exact) + ranked_total
    ids = page_exact + ranked
    if not ids:
        return result
    items = Item.objects.select_related("organ", "column", "search_document").in_bulk(ids)
    terms = highlight_terms(words) if words else []
    exact_set = set(exact)
    for item_id in ids:
        item = items.get(item_id)
        if item is None:
            continue
        text = item.search_document.text if hasattr(item, "search_document") else item.body
        result.hits.append(Hit(
            item=item,
            title_html=mark(item.title, terms),
            snippet_html=snippet(text or item.summary or item.title, terms),
            exact=item_id in exact_set,
        ))
    return result
