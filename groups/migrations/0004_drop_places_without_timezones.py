from django.db import migrations


class Migration(migrations.Migration):
    """Some gazetteer rows had a town name where the timezone belongs; schedules need real zones."""

    dependencies = [("groups", "0003_search")]

    operations = [
        migrations.RunSQL(
            "DELETE FROM groups_place WHERE timezone NOT IN (SELECT name FROM pg_timezone_names)",
            migrations.RunSQL.noop,
        ),
    ]
