from django.db import migrations

from coproduce.moving import let_go_of_models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0006_charter_withdrawn'),
        ('agreements', '0001_initial'),
        ('charter', '0001_initial'),
        ('reminders', '0001_initial'),
    ]

    # The tables now belong to agreements, charter and reminders (their 0001 migrations).
    operations = let_go_of_models([
        migrations.RemoveField(
            model_name='charter',
            name='project',
        ),
        migrations.RemoveField(
            model_name='charter',
            name='requested_by',
        ),
        migrations.RemoveField(
            model_name='communicationitem',
            name='owner',
        ),
        migrations.RemoveField(
            model_name='communicationitem',
            name='project',
        ),
        migrations.RemoveField(
            model_name='decisionrule',
            name='project',
        ),
        migrations.RemoveField(
            model_name='groundrule',
            name='added_by',
        ),
        migrations.RemoveField(
            model_name='groundrule',
            name='project',
        ),
        migrations.RemoveField(
            model_name='groundruleagreement',
            name='membership',
        ),
        migrations.RemoveField(
            model_name='principle',
            name='project',
        ),
        migrations.RemoveField(
            model_name='reminder',
            name='project',
        ),
        migrations.RemoveField(
            model_name='reminder',
            name='recipient',
        ),
        migrations.DeleteModel(
            name='CalendarFeed',
        ),
        migrations.DeleteModel(
            name='Charter',
        ),
        migrations.DeleteModel(
            name='CommunicationItem',
        ),
        migrations.DeleteModel(
            name='DecisionRule',
        ),
        migrations.DeleteModel(
            name='GroundRule',
        ),
        migrations.DeleteModel(
            name='GroundRuleAgreement',
        ),
        migrations.DeleteModel(
            name='Principle',
        ),
        migrations.DeleteModel(
            name='Reminder',
        ),
    ])
