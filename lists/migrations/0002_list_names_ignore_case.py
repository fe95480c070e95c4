import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def tell_apart_names_differing_in_case(apps, schema_editor) -> None:
    """Lists whose names differ only in capitals ("Clients", "clients") were possible before;
    the later ones are renamed "clients (2)" and so on, so that no list is lost."""
    SavedList = apps.get_model("lists", "SavedList")
    seen: dict[int, set[str]] = {}  # each owner's names so far, in lower case
    for saved in SavedList.objects.order_by("owner_id", "pk"):
        taken = seen.setdefault(saved.owner_id, set())
        if saved.name.lower() in taken:
            number = 2
            while f"{saved.name} ({number})".lower() in taken:
                number += 1
            suffix = f" ({number})"
            saved.name = saved.name[: 120 - len(suffix)] + suffix
            saved.save(update_fields=["name"])
        taken.add(saved.name.lower())


class Migration(migrations.Migration):
    dependencies = [
        ("lists", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="savedlist", name="saved_list_name_per_owner"),
        migrations.RunPython(tell_apart_names_differing_in_case, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="savedlist",
            constraint=models.UniqueConstraint(
                models.F("owner"),
                django.db.models.functions.text.Lower("name"),
                name="saved_list_name_per_owner",
                violation_error_message="You already have a list with this name.",
            ),
        ),
    ]
