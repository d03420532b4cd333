# People and units moved from the core app to the people app (issue 12). Their tables keep their
# names (core_person, core_unit) and every foreign key keeps pointing at them, so this migration only
# changes where Django's state says the models live: nothing is done to the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('invitations', '0001_initial'),
        ('people', '0002_person_unit_from_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='bounce',
                    name='person',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='invitation',
                    name='person',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='schedule',
                    name='unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.unit'),
                ),
                migrations.AlterField(
                    model_name='send',
                    name='unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.unit'),
                ),
                migrations.AlterField(
                    model_name='unsubscribe',
                    name='person',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.person'),
                ),
            ],
            database_operations=[],
        ),
    ]
