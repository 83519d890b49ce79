"""Mail backends that misbehave on purpose, for the reminder sweep's tests."""

import threading
import time

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Fails the first ``failures`` messages (counted across instances), then delivers."""

    failures = 0
    lock = threading.Lock()

    def send_messages(self, messages):
        with FlakyBackend.lock:
            if FlakyBackend.failures > 0:
                FlakyBackend.failures -= 1
                raise ConnectionRefusedError("the mail server refused the connection")
        return super().send_messages(messages)


class SlowBackend(EmailBackend):
    """Delivers to the test outbox, slowly, so that two sweeps really overlap."""

    def send_messages(self, messages):
        time.sleep(0.005)
        return super().send_messages(messages)


class CountingBackend(FlakyBackend):
    """A flaky backend that counts how often a connection to the mail server is opened."""

    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return True
