"""/search/?q=: the portal's full-text search (Chinese, ranked, highlighted, filtered, paginated)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.catalogue.models import Column, Item
from gongkai.catalogue.selectors import published_years
from gongkai.core.params import int_param
from gongkai.portal.context_processors import current_portal
from gongkai.portal.selectors import portal_organs

from .selectors import MAX_QUERY_CHARS, search


@require_GET
def search_page(request):
    organs = portal_organs(current_portal(request))
    query = request.GET.get("q", "").strip()[:MAX_QUERY_CHARS]
    organ_code = request.GET.get("organ", "")
    organ = organs.filter(code=organ_code).first() if organ_code else None
    organ_ids = [organ.pk] if organ else list(organs.values_list("pk", flat=True))
    column = request.GET.get("column", "")[:30]
    validity = request.GET.get("validity", "")
    validity = validity if validity in Item.Validity.values else ""
    year = int_param(request.GET.get("year"))
    year = year if year is not None and 1900 <= year <= 2999 else None
    page = int_param(request.GET.get("page"), 1, lo=1, hi=10_000)
    result = search(query, organ_ids=organ_ids, column_slug=column, year=year, validity=validity, page=page)
    params = request.GET.copy()
    params.pop("page", None)
    columns = (Column.objects.filter(organ__in=organs, is_active=True).order_by("position")
               .values_list("slug", "name").distinct())
    return render(request, "portal/search.html", {
        "query": query, "result": result, "results": result.hits, "query_string": params.urlencode(),
        "organs": organs.order_by("path"), "organ": organ, "columns": list(dict(columns).items()),
        "column": column, "validity": validity, "validities": Item.Validity.choices, "year": year,
        "years": published_years(organs), "start": (result.page - 1) * result.per_page + 1,
    })
