# People and units moved from the core app to the people app (issue 12). Their tables keep their
# names (core_person, core_unit) and every foreign key keeps pointing at them, so this migration only
# changes where Django's state says the models live: nothing is done to the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_person_unit_from_core'),
        ('surveys', '0004_protected_import'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='response',
                    name='respondent',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='responses', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='response',
                    name='supplier',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.unit'),
                ),
                migrations.AlterField(
                    model_name='response',
                    name='unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.unit'),
                ),
                migrations.AlterField(
                    model_name='survey',
                    name='supplier',
                    field=models.ForeignKey(blank=True, help_text='Internal surveys: the supplier unit rated; empty lets the respondent pick.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.unit'),
                ),
            ],
            database_operations=[],
        ),
    ]
