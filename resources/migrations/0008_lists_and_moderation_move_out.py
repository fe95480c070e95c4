from django.db import migrations


class Migration(migrations.Migration):
    """Saved lists now belong to the lists app, and suggestions and reports to the curation
    app; each took over its tables."""

    dependencies = [
        ("resources", "0007_broad_search"),
        ("curation", "0001_initial"),
        ("lists", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ResourceReport"),
                migrations.DeleteModel(name="ResourceSuggestion"),
                migrations.DeleteModel(name="SavedItem"),
                migrations.DeleteModel(name="SavedList"),
            ],
        ),
    ]
