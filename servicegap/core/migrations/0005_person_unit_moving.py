# People and units moved from the core app to the people app (issue 12). Their tables keep their
# names (core_person, core_unit) and every foreign key keeps pointing at them, so this migration only
# changes where Django's state says the models live: nothing is done to the database.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_idempotencykey_owner'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='person',
                    name='unit',
                ),
                migrations.RemoveField(
                    model_name='person',
                    name='workspace',
                ),
                migrations.RemoveField(
                    model_name='unit',
                    name='parent',
                ),
                migrations.RemoveField(
                    model_name='unit',
                    name='workspace',
                ),
            ],
            database_operations=[],
        ),
    ]
