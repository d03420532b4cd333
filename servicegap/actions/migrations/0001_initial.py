# The improvement actions move here from the cases app (issue 13). Their tables are first taken
# over as they are (state only), then renamed to this app's names; an action's one unit becomes
# a set of units, and it gains cost, a public flag, its origin and settable measurement windows.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def one_unit_to_units(apps, schema_editor):
    Action = apps.get_model('actions', 'Action')
    ActionUnit = apps.get_model('actions', 'ActionUnit')
    ActionUnit.objects.bulk_create(
        ActionUnit(workspace_id=a.workspace_id, action_id=a.pk, unit_id=a.unit_id)
        for a in Action.objects.exclude(unit=None)
    )


def units_to_one_unit(apps, schema_editor):
    ActionUnit = apps.get_model('actions', 'ActionUnit')
    for link in ActionUnit.objects.order_by('action_id', 'id'):
        type(link.action).objects.filter(pk=link.action_id, unit=None).update(unit_id=link.unit_id)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0003_case_workflow'),
        ('core', '0007_workspace_currency_brand'),
        ('feedback', '0002_person_unit_moved'),
        ('journeys', '0002_person_unit_moved'),
        ('people', '0002_person_unit_from_core'),
        ('standards', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Action',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=64)),
                        ('title', models.CharField(max_length=300)),
                        ('description', models.TextField(blank=True)),
                        ('status', models.CharField(choices=[('planned', 'Planned'), ('in_progress', 'In Progress'), ('done', 'Done'), ('dropped', 'Dropped')], default='planned', max_length=16)),
                        ('started_on', models.DateField(blank=True, null=True)),
                        ('due_on', models.DateField(blank=True, null=True)),
                        ('completed_on', models.DateField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.unit')),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.workspace')),
                    ],
                    options={
                        'ordering': ['code'],
                        'db_table': 'cases_action',
                        'constraints': [models.UniqueConstraint(fields=('workspace', 'code'), name='action_code_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='ActionStandard',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='actions.action')),
                        ('standard', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='standards.standard')),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.workspace')),
                    ],
                    options={
                        'db_table': 'cases_actionstandard',
                        'constraints': [models.UniqueConstraint(fields=('action', 'standard'), name='actionstandard_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='ActionTouchpoint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='actions.action')),
                        ('touchpoint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='journeys.touchpoint')),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.workspace')),
                    ],
                    options={
                        'db_table': 'cases_actiontouchpoint',
                        'constraints': [models.UniqueConstraint(fields=('action', 'touchpoint'), name='actiontouchpoint_unique')],
                    },
                ),
                migrations.AddField(
                    model_name='action',
                    name='standards',
                    field=models.ManyToManyField(blank=True, related_name='+', through='actions.ActionStandard', to='standards.standard'),
                ),
                migrations.AddField(
                    model_name='action',
                    name='touchpoints',
                    field=models.ManyToManyField(blank=True, related_name='+', through='actions.ActionTouchpoint', to='journeys.touchpoint'),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='action', table=None),
        migrations.AlterModelTable(name='actionstandard', table=None),
        migrations.AlterModelTable(name='actiontouchpoint', table=None),
        migrations.AddField(
            model_name='action',
            name='cost',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='In the workspace currency.', max_digits=12, null=True),
        ),
        migrations.AddField(
            model_name='action',
            name='public',
            field=models.BooleanField(default=False, help_text='Shown on the public promise page ("You said, we did") once done.'),
        ),
        migrations.AddField(
            model_name='action',
            name='origin',
            field=models.CharField(choices=[('manual', 'Manual'), ('gap', 'A gap row'), ('driver', 'Driver'), ('alert', 'Alert'), ('idea', 'Idea'), ('cases', 'A set of cases')], default='manual', max_length=16),
        ),
        migrations.AddField(
            model_name='action',
            name='origin_detail',
            field=models.JSONField(blank=True, default=dict, help_text='What it was made from: a gap row\'s filters, an alert.'),
        ),
        migrations.AddField(
            model_name='action',
            name='idea',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='feedback.feedback'),
        ),
        migrations.AddField(
            model_name='action',
            name='before_from',
            field=models.DateField(blank=True, help_text='Default: 90 days before start.', null=True),
        ),
        migrations.AddField(
            model_name='action',
            name='before_to',
            field=models.DateField(blank=True, help_text='Default: the day before start.', null=True),
        ),
        migrations.AddField(
            model_name='action',
            name='after_from',
            field=models.DateField(blank=True, help_text='Default: 14 days after start.', null=True),
        ),
        migrations.AddField(
            model_name='action',
            name='after_to',
            field=models.DateField(blank=True, help_text='Default: 90 days on, or today.', null=True),
        ),
        migrations.CreateModel(
            name='ActionUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='actions.action')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='people.unit')),
                ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.workspace')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('action', 'unit'), name='actionunit_unique')],
            },
        ),
        migrations.AddField(
            model_name='action',
            name='units',
            field=models.ManyToManyField(blank=True, related_name='+', through='actions.ActionUnit', to='people.unit'),
        ),
        migrations.CreateModel(
            name='ActionCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='actions.action')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='cases.case')),
                ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.workspace')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('action', 'case'), name='actioncase_unique')],
            },
        ),
        migrations.AddField(
            model_name='action',
            name='cases',
            field=models.ManyToManyField(blank=True, related_name='+', through='actions.ActionCase', to='cases.case'),
        ),
        migrations.RunPython(one_unit_to_units, units_to_one_unit),
        migrations.RemoveField(model_name='action', name='unit'),
    ]
