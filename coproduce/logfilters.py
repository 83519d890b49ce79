"""Logging filters. Imported while logging is configured, so no models here."""

import logging
import re

# Paths whose last part is a secret: calendar feeds and one-click stop links.
SECRET_PATH = re.compile(r"/(calendar|reminders/stop)/[^/\s\"']+")


class HideSecretPaths(logging.Filter):
    """Replace secrets in logged URL paths (e.g. "Not Found: /calendar/…") with "[hidden]"."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                SECRET_PATH.sub(r"/\1/[hidden]", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = SECRET_PATH.sub(r"/\1/[hidden]", record.msg)
        return True
