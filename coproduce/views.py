import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from projects.actions import do_delete_account
from projects.export import get_personal_export
from projects.forms import ConfirmNameForm

from .forms import SignupForm

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "coproduce/home.html")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("projects-list")
    form = SignupForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Coproduce. Your account is ready."))
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, {request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("projects-list")
        return redirect(next_url)
    status = 422 if form.errors else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.warning("Health check: the database did not answer.", exc_info=True)
        return False


def check_broker() -> str:
    """'ok', 'down', or 'in-process' when no broker is configured."""
    if not settings.REDIS_URL:
        return "in-process"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
        return "ok"
    except redis.RedisError:
        logger.warning("Health check: the broker did not answer.")
        return "down"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = "ok" if check_database() else "down"
    broker = check_broker()
    healthy = database == "ok" and broker != "down"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )


@login_required
def bench_ok(request: HttpRequest) -> HttpResponse:
    """The benchmarks' baseline: the whole middleware stack and a signed-in user, no page."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "coproduce/account.html")


@login_required
def account_data(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(get_personal_export(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-coproduce-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = ConfirmNameForm(request.POST or None, expected=request.user.email)
    if request.method == "POST" and form.is_valid():
        try:
            do_delete_account(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account and everything held about you were deleted."))
            return redirect("home")
    status = 422 if form.errors else 200
    return render(request, "coproduce/account_delete.html", {"form": form}, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the cause is an unreachable database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
