from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

REFRESH_EVERY_SECONDS = 60


class SessionIdleTimeoutMiddleware:
    """Keep a signed-in session alive while it is used, so it ends after SESSION_COOKIE_AGE idle.

    Saving on every request would cost a write per page; once a minute is enough.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            if now - request.session.get("_seen", 0) >= REFRESH_EVERY_SECONDS:
                request.session["_seen"] = now
        return self.get_response(request)


class PersonLanguageMiddleware:
    """Show a signed-in person the site in the language they chose for themselves (their
    account's, which emails use too), unless they switched this browser to another one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = getattr(request.user, "language", "")
        if chosen and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)
