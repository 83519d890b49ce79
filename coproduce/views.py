import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.cache import never_cache

from . import ratelimit
from .accounts import TwoFactorRequired

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "coproduce/home.html")


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
    context = {
        "verified": request.user.has_verified_email(),
        "two_factor": request.user.has_two_factor(),
    }
    return render(request, "coproduce/account.html", context)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """403; for a facilitator a project asks to use two-factor sign-in, the way to turn it on."""
    if isinstance(exception, TwoFactorRequired):
        context = {"project_title": exception.project_title}
        return render(request, "coproduce/two_factor_required.html", context, status=403)
    return defaults.permission_denied(request, exception)


def too_many_requests(request: HttpRequest, exception=None) -> HttpResponse:
    """allauth's rate limits answer with the site's own 429 page."""
    return ratelimit.too_many_requests(request, retry_after=600)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the cause is an unreachable database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
