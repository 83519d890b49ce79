"""What was shared before people could say whether they may be named.

Until now members, observers and every charter saw everyone on the map by name, with the
facilitators' scores, and an invitation accepted from any account linked the invited person's
record to it. When this first runs nobody has been marked as agreeing to be named, so the
charter versions of every project with a map (and nobody on it who may be named) listed people
without their agreement: they are withdrawn (their PDFs deleted) and facilitators make them
again. A record linked to an account with another email address than the one invited is
unlinked from it.
"""

from django.db import migrations, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower


def unlink_other_accounts(apps, schema_editor):
    Stakeholder = apps.get_model("stakeholders", "Stakeholder")
    linked = (
        Stakeholder.objects.filter(user__isnull=False)
        .exclude(email="")
        .annotate(invited=Lower("email"), account=Lower("user__email"))
        .exclude(invited=F("account"))
    )
    Stakeholder.objects.filter(pk__in=list(linked.values_list("pk", flat=True))).update(user=None)


def withdraw_charters_that_named_everyone(apps, schema_editor):
    Charter = apps.get_model("charter", "Charter")
    Stakeholder = apps.get_model("stakeholders", "Stakeholder")
    named = Q(is_organisation=True) | Q(named_consent_at__isnull=False)
    mapped = Stakeholder.objects.values("project")
    charters = Charter.objects.filter(status="ready", project__in=mapped).exclude(
        project__in=mapped.filter(named)
    )
    for charter in charters.exclude(pdf=""):
        transaction.on_commit(lambda pdf=charter.pdf: pdf.storage.delete(pdf.name))
    charters.update(status="withdrawn", pdf="")


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0002_named_consent"),
        ("charter", "0002_remove_page_count"),
    ]

    operations = [
        migrations.RunPython(unlink_other_accounts, migrations.RunPython.noop),
        migrations.RunPython(withdraw_charters_that_named_everyone, migrations.RunPython.noop),
    ]
