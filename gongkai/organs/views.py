"""The staff workbench shell: log in and out, the home page, organs and their offices."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from gongkai.core import home as registry
from gongkai.core.exceptions import ApplicationError
from gongkai.core.permissions import get_object_or_404_for

from . import services
from .forms import OfficeForm, StaffLoginForm
from .models import Membership, Organ, Role
from .permissions import can_change_office, can_view_organ
from .selectors import grants_of, office_of, visible_organs


class LoginView(auth_views.LoginView):
    template_name = "organs/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "organs/password_change.html"
    success_url = reverse_lazy("staff:home")

    def form_valid(self, form):
        messages.success(self.request, "密码已修改。")
        return super().form_valid(form)


@login_required
def home(request):
    """The to-do home page: each app's panels for the roles the user holds (gongkai.core.home), the
    reviewer's one queue, then the user's roles and the organs they may see."""
    from django.utils import timezone

    today = timezone.localdate()
    roles = {g.role for g in grants_of(request.user)}
    memberships = (Membership.objects.filter(user=request.user).select_related("organ")
                   .order_by("organ__path", "role"))
    organs = visible_organs(request.user).select_related("parent").order_by("path")
    return render(request, "organs/home.html", {
        "memberships": memberships, "organs": organs, "today": today,
        "panels": registry.panels_for(request.user, roles=roles, today=today),
        "queue": registry.queue_for(request.user, roles=roles, today=today),
        "is_reviewer": Role.REVIEWER in roles,
    })


@login_required
def organ_detail(request, code: str):
    organ = get_object_or_404_for(request.user, Organ.objects.select_related("parent"), can_view_organ, code=code)
    children = visible_organs(request.user).filter(parent=organ).order_by("name")
    return render(request, "organs/organ_detail.html", {
        "organ": organ,
        "office": office_of(organ),
        "children": children,
        "members": organ.memberships.select_related("user").order_by("role", "user__username"),
        "can_change_office": can_change_office(request.user, organ),
    })


@login_required
@require_http_methods(["GET", "POST"])
def office_edit(request, code: str):
    organ = get_object_or_404_for(request.user, Organ, can_change_office, code=code)
    office = office_of(organ)
    form = OfficeForm(request.POST or None, instance=office)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.office_update(actor=request.user, organ=organ, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "政府信息公开工作机构信息已保存。")
                return redirect("staff:organ", code=organ.code)
        status = 400
    return render(request, "organs/office_form.html", {"organ": organ, "form": form}, status=status)
