"""A small fixed-window rate limit on the shared cache (Redis when REDIS_URL is set).

if not allow(f"invite:{user.pk}", limit=30, period=3600):
    return too_many_requests(request)
"""

import logging
import time

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
PREFIX = "ratelimit"


def allow(key: str, *, limit: int, period: int) -> bool:
    """Count one attempt for ``key``; False once more than ``limit`` were made this period.

    While the shared cache is unreachable the limit is not enforced (the outage is logged):
    people keep working, and login throttling, which lives in the database, still holds.
    """
    window = int(time.time() // period)
    cache_key = f"{PREFIX}:{key}:{window}"
    try:
        # add() is a no-op when the key exists, so two processes never reset each other's count.
        cache.add(cache_key, 0, timeout=period)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.set(cache_key, 1, timeout=period)
            count = 1
    except RedisError as error:
        logger.warning("Rate limit %s not checked, the cache is unreachable: %s", PREFIX, error)
        return True
    return count <= limit


def client_ip(request: HttpRequest) -> str:
    """The client's address, found as login throttling finds it (django-axes and ipware).

    Behind ``TRUSTED_PROXY_COUNT`` proxies it is read from X-Forwarded-For; a header holding
    more addresses than those proxies add (a client adding its own) is not believed, and the
    request counts under the address that connected, as every request does without proxies.
    """
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "unknown")


def too_many_requests(request: HttpRequest, *, retry_after: int = 600) -> HttpResponse:
    """A plain page saying to wait and try again, with status 429."""
    response = render(request, "429.html", {"retry_minutes": max(1, retry_after // 60)}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
