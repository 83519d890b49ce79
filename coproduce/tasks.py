import logging

from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)


@shared_task
def ping(key: str) -> None:
    """Store "pong" under key in the shared cache: proves a worker is consuming the queue."""
    cache.set(key, "pong", timeout=60)


def enqueue_on_commit(task, *args) -> None:
    """Queue ``task(*args)`` once the current transaction commits.

    If the broker cannot be reached (within the bounded publish retries in settings), the
    request carries on: the work is still recorded as a row waiting to be done, and the
    sweep that re-queues waiting work sends it once the broker is back.
    """

    def send() -> None:
        try:
            task.apply_async(args)
        except BrokerUnavailable as error:
            logger.warning(
                "Could not queue %s%r, left for the next sweep: %s", task.name, args, error
            )

    transaction.on_commit(send)
