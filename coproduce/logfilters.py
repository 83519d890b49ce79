"""Logging filters. Imported while logging is configured, so no models here."""

import logging
import re

# Paths whose last part is a secret: calendar feeds, one-click stop links, invitation links,
# password-reset links and email-confirmation links.
SECRET_PATH = re.compile(
    r"/(calendar|reminders/stop|invitations|accounts/password/reset/key|accounts/confirm-email)"
    r"/[^/\s\"']+"
)


def hide(value):
    return SECRET_PATH.sub(r"/\1/[hidden]", value) if isinstance(value, str) else value


class HideSecretPaths(logging.Filter):
    """Replace secrets in logged URL paths (e.g. "Not Found: /calendar/…") with "[hidden]".

    Works on the app's own log lines and on gunicorn's access log, whose arguments are a dict.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(hide(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: hide(value) for key, value in record.args.items()}
        record.msg = hide(record.msg)
        return True
