import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from .accounts import (
    SIGNUP_LINK_HOURS,
    do_send_signup_email,
    do_set_preferences,
    has_account,
    read_signup_token,
)
from .forms import FinishSignupForm, PreferencesForm, SignupForm
from .models import User
from .pages import render_form
from .ratelimit import EMAIL_PERIOD, may_email, too_many_requests

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "coproduce/home.html")


SIGNUP_SESSION_KEY = "signup"


def safe_next(request: HttpRequest) -> str:
    """The page to go to afterwards, if it is on this site."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Ask for an address and email it; the answer is the same whether it has an account."""
    if request.user.is_authenticated:
        return redirect("projects-list")
    form = SignupForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not may_email(request, email):
            return too_many_requests(request, retry_after=EMAIL_PERIOD)
        do_send_signup_email(email=email, next_url=safe_next(request))
        context = {"email": email, "hours": SIGNUP_LINK_HOURS}
        return render(request, "registration/signup_sent.html", context)
    status = 422 if form.errors else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


@never_cache
@csrf_exempt
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Swap the emailed link's token for a session entry and redirect, so that the token
    leaves the address bar and never reaches a log (always a redirect, whatever the method)."""
    request.session[SIGNUP_SESSION_KEY] = read_signup_token(token)
    return redirect("signup-finish")


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup_finish(request: HttpRequest) -> HttpResponse:
    """Choose a name and password for the address the link confirmed, and log in."""
    held = request.session.get(SIGNUP_SESSION_KEY)
    if not held:
        context = {"state": "no link", "hours": SIGNUP_LINK_HOURS}
        return render(request, "registration/signup_finish.html", context, status=404)
    if has_account(held["email"]):
        context = {"state": "exists", "email": held["email"]}
        return render(request, "registration/signup_finish.html", context)
    form = FinishSignupForm(request.POST or None, email=held["email"])
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except IntegrityError:  # the same link, used twice at once
            return redirect("signup-finish")
        del request.session[SIGNUP_SESSION_KEY]
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Coproduce. Your account is ready."))
        return redirect(held["next"] or "projects-list")
    context = {"state": "form", "form": form, "email": held["email"]}
    return render_form(request, "registration/signup_finish.html", context, form)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with at most a few emails an hour to one address or from one client."""

    def form_valid(self, form):
        if not may_email(self.request, form.cleaned_data["email"]):
            return too_many_requests(self.request, retry_after=EMAIL_PERIOD)
        return super().form_valid(form)


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
    form = PreferencesForm(instance=request.user)
    return render(request, "coproduce/account.html", {"form": form})


@login_required
@require_POST
def account_preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST, instance=User.objects.get(pk=request.user.pk))
    if not form.is_valid():
        return render(request, "coproduce/account.html", {"form": form}, status=422)
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


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the cause is an unreachable database."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
