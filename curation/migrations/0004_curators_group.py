"""The Curators group with exactly what curating needs: deciding on submissions (never
deleting them), keeping listings, places, organisations and resources; nothing of people's
accounts or advocates' private lists. A curator also needs "staff status" for the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATORS = "Curators"
# app label: {model: actions}
PERMISSIONS = {
    "curation": {
        "groupsuggestion": ["view", "change"],
        "groupreport": ["view", "change"],
        "resourcesuggestion": ["view", "change"],
        "resourcereport": ["view", "change"],
    },
    "groups": {
        "supportgroup": ["view", "add", "change"],
        "organization": ["view", "add", "change"],
        "meetingplace": ["view", "add", "change"],
        # A schedule is edited by removing its old rows too.
        "meeting": ["view", "add", "change", "delete"],
        "openinghours": ["view", "add", "change", "delete"],
        "closure": ["view", "add", "change", "delete"],
        "category": ["view"],
        "place": ["view"],  # the gazetteer, loaded from a package
    },
    "resources": {
        "resource": ["view", "add", "change"],
        "collection": ["view", "add", "change"],
        "collectionsection": ["view", "add", "change", "delete"],
        "collectionitem": ["view", "add", "change", "delete"],
        "topic": ["view"],
    },
    # The crisis lines of the safety strip, with the date each was last checked.
    "peersupport": {"crisisline": ["view", "add", "change"]},
}


def codenames():
    for app_label, models in PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def add_curators(apps, schema_editor):
    # Permissions are made after migrations run; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        before = getattr(app_config, "models_module", None)
        app_config.models_module = before or True  # create_permissions skips apps without
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = before
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CURATORS)
    wanted = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames()
    ]
    group.permissions.set(wanted)


def remove_curators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CURATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0003_submissions_kept_as_sent"),
        ("groups", "0017_listing_places"),
        ("resources", "0009_text_limits_and_messages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("peersupport", "0005_cache_table"),
    ]

    operations = [migrations.RunPython(add_curators, remove_curators)]
