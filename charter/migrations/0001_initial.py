import charter.models
import django.db.models.deletion
import django.utils.timezone
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
        to_app='charter',
        models=[
        migrations.CreateModel(
            name='Charter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(verbose_name='version')),
                ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('rendering', 'Being made'), ('ready', 'Ready'), ('failed', 'Failed'), ('withdrawn', 'Withdrawn')], default='queued', max_length=20)),
                ('pdf', models.FileField(blank=True, upload_to=charter.models.charter_upload_to)),
                ('content_hash', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('rendered_at', models.DateTimeField(blank=True, null=True)),
                ('page_count', models.PositiveIntegerField(blank=True, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('error', models.TextField(blank=True)),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='charters', to='projects.project')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'projects_charter',
                'ordering': ['-version'],
                'get_latest_by': 'version',
                'constraints': [models.UniqueConstraint(fields=('project', 'version'), name='one_charter_per_version')],
            },
        ),
        ],
    )
