from django.contrib.postgres.operations import (
    CreateExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations


class Migration(migrations.Migration):
    """Extensions the search features use: trigram matching, accent folding, earth distances."""

    dependencies = [("peersupport", "0001_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        CreateExtension("cube"),
        CreateExtension("earthdistance"),
    ]
