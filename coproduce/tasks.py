from celery import shared_task
from django.core.cache import cache


@shared_task
def ping(key: str) -> None:
    """Store "pong" under key in the shared cache: proves a worker is consuming the queue."""
    cache.set(key, "pong", timeout=60)
