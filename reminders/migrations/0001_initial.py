import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from coproduce.moving import take_models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('projects', '0006_charter_withdrawn'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The models lived in projects/ until now: their tables are renamed, their rows kept.
    operations = take_models(
        from_app='projects',
        to_app='reminders',
        models=[
        migrations.CreateModel(
            name='CalendarFeed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('membership', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feed', to='projects.membership')),
            ],
            options={'db_table': 'projects_calendarfeed'},
        ),
        migrations.CreateModel(
            name='Reminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('charter_review', 'Charter review'), ('round_closing', 'Checklist round closing'), ('communication_due', 'Communication due'), ('invitation_chaser', 'Invitation not yet answered'), ('other', 'Other')], max_length=30)),
                ('email', models.EmailField(blank=True, help_text='Where to send it when there is no member.', max_length=254)),
                ('title', models.CharField(max_length=300)),
                ('url', models.CharField(help_text='Path of the page the email links to.', max_length=500)),
                ('event_at', models.DateTimeField()),
                ('due_at', models.DateTimeField()),
                ('dedupe_key', models.CharField(max_length=200, unique=True)),
                ('status', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Stopped after repeated failures'), ('skipped', 'Not sent'), ('cancelled', 'Cancelled')], default='pending', max_length=20)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_error', models.CharField(blank=True, max_length=500)),
                ('claimed_by', models.UUIDField(blank=True, null=True)),
                ('claimed_until', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='projects.project')),
                ('recipient', models.ForeignKey(blank=True, help_text='A member; empty when the reminder goes to an email address only.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'projects_reminder',
                'ordering': ['due_at', 'id'],
                'indexes': [models.Index(condition=models.Q(('status', 'pending')), fields=['due_at', 'id'], name='reminder_pending_due'), models.Index(fields=['project', 'status', 'due_at'], name='reminder_project_status')],
            },
        ),
        ],
    )
