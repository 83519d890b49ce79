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
    rewritten = {
        pk: new_key
        for pk, key in rows.values_list("pk", "dedupe_key").iterator()
        if (new_key := in_utc(key))
    }
    taken = set(
        Reminder.objects.filter(dedupe_key__in=rewritten.values()).values_list(
            "dedupe_key", flat=True
        )
    )
    changed = []
    for pk, new_key in rewritten.items():
        if new_key not in taken:
            taken.add(new_key)
            changed.append(Reminder(pk=pk, dedupe_key=new_key))
    Reminder.objects.bulk_update(changed, ["dedupe_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("reminders", "0003_kinds_for_proposals_meetings_claims_signatures")]

    operations = [migrations.RunPython(write_keys_in_utc, migrations.RunPython.noop)]
