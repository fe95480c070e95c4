from django.db import migrations


class Migration(migrations.Migration):
    """Suggestions and reports now belong to the curation app, which took over their tables."""

    dependencies = [
        ("groups", "0008_earth_at_indexes"),
        ("curation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="GroupReport"),
                migrations.DeleteModel(name="GroupSuggestion"),
            ],
        ),
    ]
