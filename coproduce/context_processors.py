"""What every page needs to know about the person reading it."""

from django.http import HttpRequest

EASY_READ_SESSION_KEY = "easy_read"


def easy_read(request: HttpRequest) -> dict:
    """``easy_read``: show the easy-read versions, as the person chose on their account or,
    before they have one, on the invitation."""
    user = getattr(request, "user", None)
    chosen = bool(getattr(user, "easy_read", False))
    return {"easy_read": chosen or bool(request.session.get(EASY_READ_SESSION_KEY, False))}
