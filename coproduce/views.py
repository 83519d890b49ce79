import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from . import ratelimit
from .accounts import TwoFactorRequired, do_set_preferences
from .forms import PreferencesForm
from .models import User

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
    return render(request, "coproduce/account.html", account_context(request.user))


def account_context(user, form=None) -> dict:
    return {
        "verified": user.has_verified_email(),
        "two_factor": user.has_two_factor(),
        "form": form or PreferencesForm(instance=user),
    }


@login_required
@require_POST
def account_preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST, instance=User.objects.get(pk=request.user.pk))
    if not form.is_valid():
        context = account_context(request.user, form)
        return render(request, "coproduce/account.html", context, status=422)
    do_set_preferences(user=request.user, **form.cleaned_data)
    response = redirect("account")
    # The browser's own choice, if any, gives way to the one just made.
    response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    with translation.override(request.user.language_for()):
        messages.success(request, _("Your preferences are saved."))
    return response


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Django's language switch; for a signed-in person it is also the language of their
    emails."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        do_set_preferences(user=request.user, language=language, easy_read=request.user.easy_read)
    return response


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
