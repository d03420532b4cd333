# People and units moved from the core app to the people app (issue 12). Their tables keep their
# names (core_person, core_unit) and every foreign key keeps pointing at them, so this migration only
# changes where Django's state says the models live: nothing is done to the database.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_person_unit_moved'),
        ('cases', '0002_person_unit_moved'),
        ('channels', '0002_person_unit_moved'),
        ('core', '0005_person_unit_moving'),
        ('feedback', '0002_person_unit_moved'),
        ('invitations', '0002_person_unit_moved'),
        ('journeys', '0002_person_unit_moved'),
        ('loyalty', '0002_person_unit_moved'),
        ('people', '0002_person_unit_from_core'),
        ('quality', '0002_person_unit_moved'),
        ('surveys', '0005_person_unit_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Person',
                ),
                migrations.DeleteModel(
                    name='Unit',
                ),
            ],
            database_operations=[],
        ),
    ]
