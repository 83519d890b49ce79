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
        to_app='agreements',
        models=[
        migrations.CreateModel(
            name='CommunicationItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('audience', models.CharField(max_length=200, verbose_name='who it is for')),
                ('purpose', models.CharField(max_length=500, verbose_name='what it is for or says')),
                ('channel', models.CharField(choices=[('meeting', 'Meeting'), ('email', 'Email'), ('newsletter', 'Newsletter'), ('phone', 'Phone call'), ('post', 'Post'), ('text', 'Text message'), ('website', 'Website'), ('social', 'Social media')], max_length=20, verbose_name='how it reaches them')),
                ('formats', models.JSONField(blank=True, default=list, verbose_name='accessible formats')),
                ('frequency', models.CharField(choices=[('once', 'Once'), ('weekly', 'Every week'), ('fortnightly', 'Every two weeks'), ('monthly', 'Every month'), ('quarterly', 'Every three months')], max_length=20, verbose_name='how often')),
                ('next_due', models.DateField(verbose_name='next due')),
                ('due_day', models.PositiveSmallIntegerField(default=1)),
                ('closed', models.BooleanField(default=False)),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='communication_items', to='projects.membership', verbose_name='who sends it')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='communication_items', to='projects.project')),
            ],
            options={
                'db_table': 'projects_communicationitem',
                'ordering': ['closed', 'next_due', 'id'],
            },
        ),
        migrations.CreateModel(
            name='DecisionRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('area', models.CharField(max_length=200, verbose_name='decisions about')),
                ('who', models.CharField(choices=[('whole-group', 'The whole group'), ('named-group', 'A named group'), ('facilitators', 'The facilitators'), ('partner', 'A partner organisation')], max_length=20, verbose_name='who decides')),
                ('who_name', models.CharField(blank=True, max_length=200, verbose_name='name of the group or organisation')),
                ('method', models.CharField(choices=[('consensus', 'Consensus — everyone can live with it'), ('consent', 'Consent — go ahead unless someone has a serious objection'), ('unanimity', 'Unanimity — everyone votes for it'), ('supermajority', 'A set majority (for example two-thirds)'), ('majority', 'Simple majority — more than half'), ('lead', 'The project lead decides after asking everyone')], max_length=20, verbose_name='how they decide')),
                ('percentage', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='majority needed (%)')),
                ('fallback', models.CharField(blank=True, choices=[('consensus', 'Consensus — everyone can live with it'), ('consent', 'Consent — go ahead unless someone has a serious objection'), ('unanimity', 'Unanimity — everyone votes for it'), ('supermajority', 'A set majority (for example two-thirds)'), ('majority', 'Simple majority — more than half'), ('lead', 'The project lead decides after asking everyone')], max_length=20, verbose_name='if there is no agreement')),
                ('quorum', models.CharField(blank=True, choices=[('', 'No minimum'), ('third', 'At least a third'), ('half', 'At least half'), ('two-thirds', 'At least two-thirds'), ('three-quarters', 'At least three-quarters'), ('all', 'Everyone')], max_length=20, verbose_name='how many must take part')),
                ('dissent', models.CharField(blank=True, choices=[('', 'Not said'), ('named', 'In the notes of the meeting, with names'), ('unnamed', 'In the notes of the meeting, without names'), ('report', "In the project's reports, with the reasons")], max_length=20, verbose_name='how disagreement is recorded')),
                ('order', models.PositiveIntegerField(default=0)),
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decision_rules', to='projects.project')),
            ],
            options={
                'db_table': 'projects_decisionrule',
                'ordering': ['order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='GroundRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(max_length=300, verbose_name='ground rule')),
                ('order', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ground_rules', to='projects.project')),
            ],
            options={
                'db_table': 'projects_groundrule',
                'ordering': ['order', 'id'],
            },
        ),
        migrations.CreateModel(
            name='GroundRuleAgreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField()),
                ('agreed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ground_rule_agreements', to='projects.membership')),
            ],
            options={
                'db_table': 'projects_groundruleagreement',
                'ordering': ['-version'],
                'constraints': [models.UniqueConstraint(fields=('membership', 'version'), name='one_agreement_per_version')],
            },
        ),
        migrations.CreateModel(
            name='Principle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(choices=[('sharing-power', 'Sharing of power'), ('all-perspectives', 'Including all perspectives and skills'), ('respecting-knowledge', 'Respecting and valuing the knowledge of all'), ('reciprocity', 'Reciprocity'), ('relationships', 'Building and maintaining relationships')], max_length=30)),
                ('meaning', models.TextField(blank=True, verbose_name='what this means for our project')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='principles', to='projects.project')),
            ],
            options={
                'db_table': 'projects_principle',
                'constraints': [models.UniqueConstraint(fields=('project', 'key'), name='one_principle_of_each_kind')],
            },
        ),
        ],
    )
