"""/search/?q=: the portal's full-text search (Chinese, ranked, highlighted, filtered, paginated).

Anonymous visitors' result pages are cached per normalised query for settings.GONGKAI_SEARCH_CACHE_SECONDS
(30 s in production): the same words, filters and page share one cached page whatever the spacing or the
order of the parameters, and a publication starts a new cache generation, so it is found at once.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.catalogue.models import Item
from gongkai.catalogue.selectors import public_filter_choices
from gongkai.core.pagecache import cached_public_view
from gongkai.core.params import int_param

from .selectors import MAX_PAGES, MAX_QUERY_CHARS, search


@dataclass(frozen=True)
class SearchParams:
    query: str
    organ_code: str
    column: str
    validity: str
    year: int | None
    page: int

    @classmethod
    def of(cls, request) -> "SearchParams":
        """What the page reads from the address, validated: anything else in it changes nothing."""
        get = request.GET
        validity = get.get("validity", "")
        year = int_param(get.get("year"))
        return cls(
            query=" ".join(get.get("q", "").split())[:MAX_QUERY_CHARS],
            organ_code=get.get("organ", "").strip()[:18],
            column=get.get("column", "").strip()[:30],
            validity=validity if validity in Item.Validity.values else "",
            year=year if year is not None and 1900 <= year <= 2999 else None,
            page=min(MAX_PAGES, max(1, int_param(get.get("page"), 1))),
        )

    def canonical(self) -> str:
        pairs = (("q", self.query), ("organ", self.organ_code), ("column", self.column),
                 ("validity", self.validity), ("year", self.year or ""), ("page", self.page if self.page > 1 else ""))
        return "/search/?" + urlencode([(k, v) for k, v in pairs if v != ""])


@require_GET
@cached_public_view(lambda: settings.GONGKAI_SEARCH_CACHE_SECONDS, lambda request: SearchParams.of(request).canonical())
def search_page(request):
    site = request.site  # the portal serving the request (gongkai.portal.middleware)
    choices = public_filter_choices(site.organs, scope=site.organ.path if site.organ else "")
    p = SearchParams.of(request)
    organ = choices.organ(p.organ_code)
    organ_ids = [organ.pk] if organ else choices.organ_ids
    result = search(p.query, organ_ids=organ_ids, column_slug=p.column, year=p.year, validity=p.validity,
                    page=p.page)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "portal/search.html", {
        "query": p.query, "result": result, "results": result.hits, "query_string": params.urlencode(),
        "organs": choices.organs, "organ": organ, "columns": choices.columns,
        "column": p.column, "validity": p.validity, "validities": Item.Validity.choices, "year": p.year,
        "years": choices.years, "start": (result.page - 1) * result.per_page + 1,
    })
