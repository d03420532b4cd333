# People and units moved from the core app to the people app (issue 12). Their tables keep their
# names (core_person, core_unit) and every foreign key keeps pointing at them, so this migration only
# changes where Django's state says the models live: nothing is done to the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_person_unit_from_core'),
        ('quality', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='indicator',
                    name='unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.unit'),
                ),
                migrations.AlterField(
                    model_name='indicatorreading',
                    name='unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.unit'),
                ),
                migrations.AlterField(
                    model_name='walkthrough',
                    name='unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.unit'),
                ),
            ],
            database_operations=[],
        ),
    ]
