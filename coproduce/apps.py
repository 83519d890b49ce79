import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class OutageTolerantCache:
    """The shared cache as allauth's rate limits use it, going on without them (logged)
    while the cache is unreachable, as the site's own rate limits do (``ratelimit.allow``):
    people keep signing in, and login throttling, in the database, still holds."""

    def __init__(self, cache) -> None:
        self.cache = cache

    def _tolerate(self, name: str, fallback, *args, **kwargs):
        from redis.exceptions import RedisError

        try:
            return getattr(self.cache, name)(*args, **kwargs)
        except RedisError as error:
            logger.warning("Rate limit ratelimit not checked, the cache is unreachable: %s", error)
            return fallback

    def add(self, *args, **kwargs):
        return self._tolerate("add", True, *args, **kwargs)

    def get(self, key, default=None, *args, **kwargs):
        return self._tolerate("get", default, key, default, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._tolerate("set", None, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._tolerate("delete", False, *args, **kwargs)


class CoproduceConfig(AppConfig):
    name = "coproduce"
    verbose_name = "Accounts and site"

    def ready(self) -> None:
        from allauth.core.internal import ratelimit
        from django.core.cache import cache

        ratelimit.cache = OutageTolerantCache(cache)
