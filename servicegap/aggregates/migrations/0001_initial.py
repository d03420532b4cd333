# The report aggregates' models, moved from the gaps app: the tables already exist (created by
# gaps 0001-0003 under the same names), so this only tells Django where the models live now.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0004_idempotencykey_owner'),
        ('gaps', '0004_aggregates_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Cell',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('grain', models.CharField(choices=[('d', 'day'), ('m', 'month')], max_length=1)),
                        ('day', models.DateField()),
                        ('perspective', models.CharField(max_length=16)),
                        ('unit', models.IntegerField(default=0)),
                        ('touchpoint', models.IntegerField(default=0)),
                        ('item', models.CharField(blank=True, max_length=64)),
                        ('measure', models.CharField(max_length=16)),
                        ('slot', models.SmallIntegerField(default=0)),
                        ('n', models.BigIntegerField(default=0)),
                        ('s1', models.FloatField(default=0.0)),
                        ('s2', models.FloatField(default=0.0)),
                        ('c1', models.BigIntegerField(default=0)),
                        ('c2', models.BigIntegerField(default=0)),
                        ('c3', models.BigIntegerField(default=0)),
                        ('anon', models.BigIntegerField(default=0)),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.workspace')),
                    ],
                    options={
                        'db_table': 'gaps_cell',
                        'constraints': [models.UniqueConstraint(fields=('workspace', 'grain', 'perspective', 'measure', 'day', 'unit', 'touchpoint', 'item', 'slot'), name='cell_key')],
                    },
                ),
                migrations.CreateModel(
                    name='CellState',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('stale', models.BooleanField(default=False)),
                        ('rebuilt_at', models.DateTimeField(blank=True, null=True)),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.workspace')),
                    ],
                    options={
                        'db_table': 'gaps_cellstate',
                        'constraints': [models.UniqueConstraint(fields=('workspace',), name='cellstate_workspace_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='Presence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField()),
                        ('perspective', models.CharField(max_length=16)),
                        ('unit', models.IntegerField(default=0)),
                        ('item', models.CharField(blank=True, max_length=64)),
                        ('family', models.CharField(max_length=16)),
                        ('respondent', models.IntegerField(default=0)),
                        ('slot', models.SmallIntegerField(default=0)),
                        ('responses', models.BigIntegerField(default=0)),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.workspace')),
                    ],
                    options={
                        'db_table': 'gaps_presence',
                        'constraints': [models.UniqueConstraint(fields=('workspace', 'perspective', 'family', 'month', 'unit', 'item', 'respondent', 'slot'), name='presence_key')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
