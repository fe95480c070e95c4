"""Curators say which accounts organise which organisations, and see the check emails sent."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = [
    ("curation", "view_organiser"),
    ("curation", "add_organiser"),
    ("curation", "change_organiser"),
    ("curation", "delete_organiser"),
    ("curation", "view_verificationrequest"),
]


def add_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        before = getattr(app_config, "models_module", None)
        app_config.models_module = before or True  # create_permissions skips apps without
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = before
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curators, _ = Group.objects.get_or_create(name="Curators")
    curators.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in ADDED
        ]
    )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Curators"):
        group.permissions.remove(
            *Permission.objects.filter(codename__in=[codename for _, codename in ADDED])
        )


class Migration(migrations.Migration):
    dependencies = [("curation", "0005_organisers_and_verification")]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
