# The report aggregates moved to their own app (servicegap.aggregates); their tables stay as they
# are (gaps_cell, gaps_presence, gaps_cellstate), so only Django's idea of where they live changes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('gaps', '0003_slots'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='cellstate',
                    name='workspace',
                ),
                migrations.RemoveField(
                    model_name='presence',
                    name='workspace',
                ),
                migrations.DeleteModel(
                    name='Cell',
                ),
                migrations.DeleteModel(
                    name='CellState',
                ),
                migrations.DeleteModel(
                    name='Presence',
                ),
            ],
            database_operations=[],
        ),
    ]
