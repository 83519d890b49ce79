"""Reminder keys write their moment in UTC.

A key used to write the moment in whatever time zone it had been read in, so the same
moment read again from the database (in UTC) made a second key, and a reminder already sent
(a round's "it is open" notice) was sent again. This rewrites the keys kept from before; a
key whose UTC spelling already exists is left as it is.
"""

import datetime

from django.db import migrations


def in_utc(dedupe_key: str) -> str | None:
    """The key with its moment in UTC, or None when it has no moment in another offset."""
    parts = dedupe_key.split(":", 3)
    if len(parts) < 4:
        return None
    try:
        moment = datetime.datetime.fromisoformat(parts[3])
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() == datetime.timedelta(0):
        return None
    return ":".join([*parts[:3], moment.astimezone(datetime.UTC).isoformat()])


def write_keys_in_utc(apps, schema_editor) -> None:
    Reminder = apps.get_model("reminders", "Reminder")
    rows = Reminder.objects.exclude(dedupe_key__endswith="+00:00").filter(dedupe_key__contains="T")
    for pk, key in rows.values_list("pk", "dedupe_key").iterator():
        new_key = in_utc(key)
        if new_key and not Reminder.objects.filter(dedupe_key=new_key).exists():
            Reminder.objects.filter(pk=pk).update(dedupe_key=new_key)


class Migration(migrations.Migration):
    dependencies = [("reminders", "0003_kinds_for_proposals_meetings_claims_signatures")]

    operations = [migrations.RunPython(write_keys_in_utc, migrations.RunPython.noop)]
