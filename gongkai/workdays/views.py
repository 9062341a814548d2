"""Staff pages of the working-day calendar (system administrators only; others get a 404)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.exceptions import ApplicationError

from . import parsing, selectors, services
from .forms import CalendarDayForm, CalendarYearForm, RegionFilterForm
from .models import CalendarDay
from .permissions import can_manage_calendar, can_view_calendar


def sysadmin_only(view):
    """Login required (302 to the login page); anyone but a system administrator gets a 404."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_view_calendar(request.user):
            raise Http404("未找到")
        return view(request, *args, **kwargs)

    return wrapped


def _apply_error(form, exc: ApplicationError) -> None:
    field = exc.field if exc.field in form.fields else None
    for message in exc.extra.get("errors") or [exc.message]:
        form.add_error(field, message)


@sysadmin_only
def index(request):
    """Years around today with their source and days; entered notices; regional overrides."""
    today = timezone.localdate()
    filter_form = RegionFilterForm(request.GET or None)
    region = ""
    if filter_form.is_valid() and filter_form.cleaned_data["region"]:
        try:
            region = services.clean_region_code(filter_form.cleaned_data["region"])
        except ApplicationError as exc:
            filter_form.add_error("region", exc.message)
    years = list(range(today.year - 1, today.year + 3))
    return render(request, "workdays/index.html", {
        "filter_form": filter_form,
        "region": region,
        "years": selectors.years_overview(years, region),
        "entered_years": selectors.entered_years(),
        "overrides": selectors.region_overrides(),
        "national_days": selectors.national_single_days(),
        "can_manage": can_manage_calendar(request.user),
        "revisions": selectors.latest_revisions(),
    })


@sysadmin_only
@require_http_methods(["GET", "POST"])
def year_enter(request):
    """Enter a whole year's notice. "预览" shows what would be entered; "录入" writes it."""
    preview, missing = None, []
    if request.method == "POST":
        form = CalendarYearForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            parsed = data["parsed"]
            if "preview" in request.POST:
                national = not (data["region_code"] or "").strip()
                errors = parsing.check_year(data["year"], parsed.holidays, parsed.workdays, national=national)
                for error in errors:
                    form.add_error("text", error)
                if national:
                    missing = parsing.missing_festivals(data["year"], parsed.holidays, parsed.workdays)
                preview = parsed
            else:
                try:
                    record = services.calendar_year_enter(
                        actor=request.user, year=data["year"], source_document=data["source_document"],
                        published_on=data["published_on"], holidays=parsed.holidays, workdays=parsed.workdays,
                        region_code=data["region_code"], source_text=data["text"], complete=not data["partial"],
                    )
                except ApplicationError as exc:
                    _apply_error(form, exc)
                else:
                    messages.success(request, f"已录入{record}：放假{len(parsed.holidays)}项，调休上班{len(parsed.workdays)}天。"
                                              "涉及该年度的未办结期限已按新安排重新计算。")
                    return redirect("workdays:index")
    else:
        form = CalendarYearForm(initial={"year": timezone.localdate().year + 1})
    return render(request, "workdays/year_form.html", {"form": form, "preview": preview, "missing": missing})


@sysadmin_only
@require_http_methods(["GET", "POST"])
def day_set(request):
    """Set one day (a local holiday of a 民族自治地方, or a national correction)."""
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            day = services.calendar_day_set(actor=request.user, date=data["date"], kind=data["kind"],
                                            name=data["name"], region_code=data["region_code"])
        except ApplicationError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, f"已设置：{day}")
            return redirect("workdays:index")
    return render(request, "workdays/day_form.html", {"form": form})


@sysadmin_only
@require_POST
def day_remove(request, pk: int):
    day = get_object_or_404(CalendarDay, pk=pk)
    try:
        services.calendar_day_remove(actor=request.user, day=day)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除：{day}")
    return redirect("workdays:index")
