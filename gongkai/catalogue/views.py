"""Staff pages of the catalogue (/staff/catalogue/): thin — forms in, services out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError
from gongkai.core.params import int_param, next_url
from gongkai.core.permissions import get_object_or_404_for
from gongkai.core.published import published_period_warnings
from gongkai.organs.models import Organ, Role, User
from gongkai.organs.selectors import organs_with_role, visible_organs

from . import selectors, services
from .forms import (
    AddInterpretationForm,
    AttachmentForm,
    ColumnForm,
    InterpretationForm,
    ItemForm,
    NoteForm,
    ReasonForm,
)
from .models import Attachment, Column, Item
from .permissions import (
    can_edit_item,
    can_manage_columns,
    can_publish_item,
    can_review_item,
    can_view_item,
    can_withdraw_item,
)
from .vocab import INTERPRETATION_COLUMN


def _organ_param(request, organs):
    code = request.GET.get("organ", "")
    if not code:
        return None
    organ = organs.filter(code=code).first()
    if organ is None:
        raise Http404("未找到")
    return organ


def _draftable_columns(user, organs=None):
    columns = Column.objects.filter(is_active=True).select_related("organ")
    own = organs_with_role(user, Role.CLERK)
    owned = organs_with_role(user, Role.COLUMN_OWNER)
    from django.db.models import Q

    columns = columns.filter(Q(organ__in=own) | Q(organ__in=owned, owner=user))
    if organs is not None:
        columns = columns.filter(organ__in=organs)
    return columns.order_by("organ__path", "position")


def _form_error(form, exc: ApplicationError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def index(request):
    organs = visible_organs(request.user).filter(is_active=True)
    today = timezone.localdate()
    states = selectors.column_states(organs, today=today)
    return render(request, "catalogue/staff/index.html", {
        "review_queue": selectors.review_queue(organs_with_role(request.user, Role.REVIEWER))[:50],
        "drafts": selectors.staff_items(organs, status=Item.Status.DRAFT).filter(created_by=request.user)[:50],
        "approved": selectors.staff_items(organs, status=Item.Status.APPROVED)[:50],
        "stale": [s for s in states if s.is_stale],
        "empty": [s for s in states if s.is_empty and s.column.update_every_days is not None],
        "late": selectors.late_items(organs).select_related("organ", "column")[:50],
        "no_interpretation": selectors.policies_without_interpretation(organs).select_related("organ")[:50],
        "columns": _draftable_columns(request.user),
    })


@login_required
def item_list(request):
    organs = visible_organs(request.user)
    organ = _organ_param(request, organs)
    status = request.GET.get("status", "")
    if status and status not in Item.Status.values:
        status = ""
    listed = request.GET.get("list", "")
    if listed in selectors.ITEM_WORKLISTS:  # a home-page worklist: the same selector as its count
        items = selectors.item_worklist(request.user, listed).select_related("organ", "column").order_by("-updated_at")
    else:
        listed, items = "", selectors.staff_items([organ] if organ else organs, status=status)
    return render(request, "catalogue/staff/item_list.html", {
        "items": items[:500], "count": items.count(), "organs": organs.order_by("path"), "organ": organ,
        "status": status, "statuses": Item.Status.choices,
        "listed": selectors.ITEM_WORKLISTS.get(listed)})


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request):
    columns = _draftable_columns(request.user)
    if not columns.exists():
        raise Http404("未找到")
    initial = {}
    chosen = columns.filter(pk=int_param(request.GET.get("column"))).first() if request.GET.get("column") else None
    if chosen is not None:
        initial["column"] = chosen.pk
    organs = {c.organ for c in columns} if chosen is None else {chosen.organ}
    # 发布机构 defaults to the organ (when the clerk drafts for one organ only).
    form = ItemForm(request.POST or None, columns=columns, initial=initial,
                    publisher_default=next(iter(organs)).name if len(organs) == 1 else "")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.item_create(actor=request.user, column=form.cleaned_data["column"],
                                            **form.service_fields())
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "草稿已保存。")
                return redirect("catalogue:item", pk=item.pk)
        status = 400
    return render(request, "catalogue/staff/item_form.html", {"form": form, "item": None}, status=status)


@login_required
def item_detail(request, pk: int):
    item = get_object_or_404_for(request.user, Item.objects.select_related("organ", "column", "replaced_by"),
                                 can_view_item, pk=pk)
    user = request.user
    return render(request, "catalogue/staff/item_detail.html", {
        "item": item,
        "events": events_for(item),
        "attachments": item.attachments.all(),
        "interpretations": item.interpretations.select_related("item"),
        "interpretation": getattr(item, "interpretation", None),
        "can_edit": can_edit_item(user, item) and item.status == Item.Status.DRAFT,
        "can_correct": item.status == Item.Status.PUBLISHED and (can_edit_item(user, item)
                                                                   or can_review_item(user, item)),
        "can_submit": can_edit_item(user, item) and item.status == Item.Status.DRAFT,
        "can_review": can_review_item(user, item) and item.status == Item.Status.SUBMITTED,
        "can_publish": can_publish_item(user, item) and item.status == Item.Status.APPROVED,
        "can_withdraw": can_withdraw_item(user, item) and item.status == Item.Status.PUBLISHED,
        "note_form": NoteForm(), "reason_form": ReasonForm(), "attachment_form": AttachmentForm(),
        "interpretation_form": InterpretationForm(),
        # 为本文件添加解读: on a published document that is not itself a 解读, for whoever drafts 解读.
        "can_add_interpretation": item.status == Item.Status.PUBLISHED and item.genre != "解读"
        and not hasattr(item, "interpretation") and _interpretation_column(user, item) is not None,
        # The old form (make this draft the 解读 of a document) only on drafts that are 解读 themselves.
        "can_link_interpretation": can_edit_item(user, item) and item.status == Item.Status.DRAFT
        and (item.genre == "解读" or item.column.slug == INTERPRETATION_COLUMN),
        "add_interpretation_form": AddInterpretationForm(),
    })


def _interpretation_column(user, item):
    from .permissions import can_draft_in_column

    column = Column.objects.filter(organ=item.organ, slug=INTERPRETATION_COLUMN, is_active=True).first()
    return column if column is not None and can_draft_in_column(user, column) else None


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    def may(user, item):
        if item.status == Item.Status.PUBLISHED:
            return can_edit_item(user, item) or can_review_item(user, item)
        return can_edit_item(user, item) and item.status == Item.Status.DRAFT

    item = get_object_or_404_for(request.user, Item.objects.select_related("organ", "column"), may, pk=pk)
    published = item.status == Item.Status.PUBLISHED
    columns = _draftable_columns(request.user).filter(organ=item.organ)
    form = ItemForm(request.POST or None, instance=item, columns=columns, published=published)
    status = 200
    if request.method == "POST":
        # A ModelForm writes into its instance while validating; the service works from a fresh copy.
        if form.is_valid():
            fields = form.service_fields()
            column = form.cleaned_data.get("column")
            try:
                services.item_update(actor=request.user, item=Item.objects.get(pk=item.pk),
                                     column=column or None, **fields)
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("catalogue:item", pk=item.pk)
        status = 400
    return render(request, "catalogue/staff/item_form.html", {"form": form, "item": item, "published": published},
                  status=status)


@login_required
@require_POST
def item_action(request, pk: int, action: str):
    checks = {"submit": can_edit_item, "approve": can_review_item, "return": can_review_item,
              "publish": can_publish_item, "withdraw": can_withdraw_item, "attach": can_edit_item,
              "interpret": can_edit_item, "add_interpretation": can_view_item}
    if action not in checks:
        raise Http404("未找到")
    item = get_object_or_404_for(request.user, Item.objects.select_related("organ", "column"), checks[action], pk=pk)
    user = request.user
    try:
        if action == "submit":
            services.item_submit(actor=user, item=item)
            messages.success(request, "已提交审核。")
        elif action == "approve":
            form = NoteForm(request.POST)
            form.is_valid()
            publish = request.POST.get("publish") == "1"
            services.item_approve(actor=user, item=item, note=form.cleaned_data.get("note", ""), publish=publish)
            messages.success(request, "审核通过并已发布。" if publish else "审核通过。")
        elif action == "return":
            services.item_return(actor=user, item=item, note=request.POST.get("note", ""))
            messages.success(request, "已退回修改。")
        elif action == "publish":
            services.item_publish(actor=user, item=item)
            messages.success(request, "已发布。")
        elif action == "withdraw":
            services.item_withdraw(actor=user, item=item, reason=request.POST.get("reason", ""))
            messages.success(request, "已撤回。")
        elif action == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ApplicationError("".join(e for errors in form.errors.values() for e in errors), field="file")
            upload = form.cleaned_data["file"]
            services.attachment_add(actor=user, item=item, name=upload.name, data=upload.read())
            messages.success(request, "附件已上传。")
        elif action == "add_interpretation":
            form = AddInterpretationForm(request.POST)
            if not form.is_valid():
                raise ApplicationError("".join(e for errors in form.errors.values() for e in errors))
            created = services.interpretation_create(actor=user, policy=item, form=form.cleaned_data["form"])
            messages.success(request, "已创建解读草稿并与本文件关联，请撰写后提交审核。")
            return redirect("catalogue:item", pk=created.pk)
        elif action == "interpret":
            form = InterpretationForm(request.POST)
            if not form.is_valid():
                raise ApplicationError("".join(e for errors in form.errors.values() for e in errors))
            services.interpretation_link(actor=user, item=item, policy=form.cleaned_data["policy_ref"],
                                         form=form.cleaned_data["form"])
            messages.success(request, "已关联被解读文件。")
    except ApplicationError as exc:
        if exc.code == "permission_denied":
            raise Http404("未找到") from exc
        return _error_page(request, item, exc)
    item.refresh_from_db()
    if action in ("approve", "publish") and item.status == Item.Status.PUBLISHED and item.genre in TABLE_TWO_GENRES:
        # A 规章 or 行政规范性文件 made in a year whose annual report is out changes that report's table 二.
        for warning in published_period_warnings(item.organ, item.date_issued, what="文件"):
            messages.warning(request, warning)
    return redirect(next_url(request, reverse("catalogue:item", args=[item.pk])))


TABLE_TWO_GENRES = ("规章", "规范性文件")  # counted in table 二 （一） of the annual report


def _error_page(request, item, exc: ApplicationError):
    status = 409 if exc.code == "conflict" else 400
    return render(request, "catalogue/staff/action_error.html", {"item": item, "error": exc.message}, status=status)


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = get_object_or_404_for(request.user, Attachment.objects.select_related("item__column__organ"),
                                       lambda u, a: can_edit_item(u, a.item), pk=pk)
    item = attachment.item
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ApplicationError as exc:
        return _error_page(request, item, exc)
    messages.success(request, "附件已删除。")
    return redirect("catalogue:item", pk=item.pk)


@login_required
def column_list(request):
    organs = visible_organs(request.user).filter(is_active=True)
    organ = _organ_param(request, organs)
    listed = request.GET.get("list", "")
    if listed in selectors.COLUMN_WORKLISTS:  # a home-page worklist: the same selector as its count
        states = selectors.column_worklist(request.user, listed, today=timezone.localdate())
    else:
        listed, states = "", selectors.column_states([organ] if organ else organs)
    manageable = {o.pk for o in organs if can_manage_columns(request.user, o)}
    return render(request, "catalogue/staff/column_list.html", {
        "states": states, "organs": organs.order_by("path"), "organ": organ, "manageable": manageable,
        "listed": selectors.COLUMN_WORKLISTS.get(listed),
        "seedable": [o for o in organs.order_by("path") if o.pk in manageable and not o.columns.exists()],
    })


@login_required
@require_POST
def columns_seed(request):
    organ = get_object_or_404_for(request.user, Organ, can_manage_columns, code=request.POST.get("organ", ""))
    created = services.columns_seed(actor=request.user, organ=organ)
    messages.success(request, f"已为{organ.name}创建 {len(created)} 个栏目。")
    return redirect(f"/staff/catalogue/columns/?organ={organ.code}")


@login_required
@require_http_methods(["GET", "POST"])
def column_edit(request, pk: int):
    column = get_object_or_404_for(request.user, Column.objects.select_related("organ"),
                                   lambda u, c: can_manage_columns(u, c.organ), pk=pk)
    owners = User.objects.filter(memberships__organ=column.organ,
                                 memberships__role__in=[Role.COLUMN_OWNER, Role.CLERK], is_active=True).distinct()
    form = ColumnForm(request.POST or None, instance=column, owners=owners)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.column_update(actor=request.user, column=Column.objects.get(pk=column.pk),
                                       **form.cleaned_data)
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "栏目已保存。")
                return redirect(f"/staff/catalogue/columns/?organ={column.organ.code}")
        status = 400
    return render(request, "catalogue/staff/column_form.html", {"form": form, "column": column}, status=status)

