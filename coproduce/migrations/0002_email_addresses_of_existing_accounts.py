"""Every existing account gets its address as a verified, primary allauth EmailAddress.

Verified, because every account made before allauth was made from a link emailed to its
address (the old sign-up made an account only from that link), or by whoever runs the site
(the admin, ``createsuperuser``, the demo data), who vouches for it. So their owners keep
logging in as before, by password or now by code, and keep getting reminders.
"""

from django.db import migrations


def add_addresses(apps, schema_editor):
    User = apps.get_model("coproduce", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email.lower(), verified=True, primary=True)
            for pk, email in User.objects.exclude(email="").values_list("pk", "email")
            if pk not in have
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("coproduce", "0001_initial"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(add_addresses, migrations.RunPython.noop)]
