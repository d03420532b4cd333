# People and units moved from the core app to the people app (issue 12). Their tables keep their
# names (core_person, core_unit) and every foreign key keeps pointing at them, so this migration only
# changes where Django's state says the models live: nothing is done to the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_loginthrottle'),
        ('people', '0002_person_unit_from_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='membership',
                    name='person',
                    field=models.ForeignKey(blank=True, help_text='The person record of this user, when they are also an employee or leader.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='membership',
                    name='units',
                    field=models.ManyToManyField(blank=True, related_name='+', through='accounts.MembershipUnit', to='people.unit'),
                ),
                migrations.AlterField(
                    model_name='membershipunit',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='people.unit'),
                ),
            ],
            database_operations=[],
        ),
    ]
