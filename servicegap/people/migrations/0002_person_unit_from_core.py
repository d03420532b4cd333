# People and units moved from the core app to the people app (issue 12). Their tables keep their
# names (core_person, core_unit) and every foreign key keeps pointing at them, so this migration only
# changes where Django's state says the models live: nothing is done to the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_person_unit_moving'),
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Unit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=64)),
                        ('name', models.CharField(max_length=200)),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='people.unit')),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.workspace')),
                    ],
                    options={
                        'db_table': 'core_unit',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='Person',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=64)),
                        ('name', models.CharField(blank=True, max_length=200)),
                        ('kind', models.CharField(choices=[('customer', 'Customer'), ('employee', 'Employee'), ('leader', 'Leader')], max_length=16)),
                        ('email', models.EmailField(blank=True, max_length=254)),
                        ('attributes', models.JSONField(blank=True, default=dict, help_text='Free segment attributes.')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.workspace')),
                        ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.unit')),
                    ],
                    options={
                        'db_table': 'core_person',
                        'ordering': ['code'],
                    },
                ),
                migrations.AlterField(
                    model_name='internallink',
                    name='customer',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.unit'),
                ),
                migrations.AlterField(
                    model_name='internallink',
                    name='supplier',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.unit'),
                ),
                migrations.AddConstraint(
                    model_name='unit',
                    constraint=models.UniqueConstraint(fields=('workspace', 'code'), name='unit_code_unique'),
                ),
                migrations.AddConstraint(
                    model_name='person',
                    constraint=models.UniqueConstraint(fields=('workspace', 'code'), name='person_code_unique'),
                ),
            ],
            database_operations=[],
        ),
    ]
