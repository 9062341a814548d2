"""Optional TOTP second factor for staff (django-otp, RFC 6238; any authenticator app).

A staff user who has confirmed a TOTP device must enter a code after the password before any other
/staff/ page (StaffOTPMiddleware); settings.GONGKAI_OTP_REQUIRED=True sends every staff user without
one to set it up first. Wrong codes are throttled by django-otp (growing delays) and each failure is
also counted by the log-in lock-out's rate limit here (10 per 15 minutes per user).
"""

import base64
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core import services as otp_services
from gongkai.core.ratelimit import limited

EXEMPT = ("/staff/otp/", "/staff/logout/", "/staff/login/")


class StaffOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path
        if (user is not None and user.is_authenticated and path.startswith("/staff/")
                and not path.startswith(EXEMPT)):
            if user_has_device(user, confirmed=True):
                if not user.is_verified():
                    return redirect(f"{reverse('core:otp_verify')}?next={quote(request.get_full_path())}")
            elif getattr(settings, "GONGKAI_OTP_REQUIRED", False):
                return redirect("core:otp_setup")
        return self.get_response(request)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("staff:home")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return reverse("staff:home")
    return target


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """第二步验证: the six-digit code from the authenticator app."""
    error, status = None, 200
    if request.method == "POST":
        token = request.POST.get("token", "").strip().replace(" ", "")
        device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        if limited(request, group="otp-verify", key="user", rate="10/15m"):
            error, status = "验证码错误次数过多，请15分钟后再试。", 429
        elif device is None:
            return redirect(_next(request))
        elif not token.isdigit() or len(token) != 6:
            error, status = "请输入6位数字验证码。", 400
        elif not device.verify_is_allowed()[0]:
            error, status = "验证码错误次数过多，请稍后再试。", 429
        elif device.verify_token(token):
            otp_login(request, device)
            return redirect(_next(request))
        else:
            error, status = "验证码不正确或已过期，请重新输入。", 400
    return render(request, "core/otp_verify.html", {"error": error, "next": _next(request)}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """设置两步验证: show the secret of a new device and confirm it with a first code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        messages.info(request, "已启用两步验证。")
        return redirect("staff:home")
    device = otp_services.totp_begin(actor=request.user)
    error, status = None, 200
    if request.method == "POST":
        if otp_services.totp_confirm(actor=request.user, device=device, token=request.POST.get("token", "")):
            otp_login(request, device)
            messages.success(request, "两步验证已启用，今后登录时需输入验证器应用中的验证码。")
            return redirect("staff:home")
        error, status = "验证码不正确，请确认手机时间准确后重新输入。", 400
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "core/otp_setup.html", {"secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
                                                   "config_url": device.config_url, "error": error}, status=status)
