import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# These models were made in the resources app. Their tables are renamed, not copied, so every
# list, item, note and share link stays where it is.
MOVED = ["savedlist", "saveditem"]
RENAMES = [f"ALTER TABLE resources_{model} RENAME TO lists_{model}" for model in MOVED]
RENAMES_BACK = [f"ALTER TABLE lists_{model} RENAME TO resources_{model}" for model in MOVED]


def move_content_types(apps, schema_editor, *, forwards: bool = True) -> None:
    """Permissions and the admin's history follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    source, target = ("resources", "lists") if forwards else ("lists", "resources")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor) -> None:
    move_content_types(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("groups", "0008_earth_at_indexes"),
        ("resources", "0007_broad_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(RENAMES, RENAMES_BACK),
                migrations.RunPython(move_content_types, move_content_types_back),
            ],
            state_operations=[
                migrations.CreateModel(
                    name='SavedList',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120)),
                        ('description', models.TextField(blank=True)),
                        ('share_token', models.CharField(blank=True, max_length=64, null=True, unique=True)),
                        ('shared_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='saved_lists', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['owner', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='SavedItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('note', models.TextField(blank=True)),
                        ('position', models.PositiveIntegerField(default=0)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='groups.supportgroup')),
                        ('resource', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='resources.resource')),
                        ('saved_list', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='lists.savedlist')),
                    ],
                    options={
                        'ordering': ['saved_list', 'position', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='savedlist',
                    constraint=models.UniqueConstraint(fields=('owner', 'name'), name='saved_list_name_per_owner'),
                ),
                migrations.AddConstraint(
                    model_name='saveditem',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('resource__isnull', False), ('group__isnull', True)), models.Q(('resource__isnull', True), ('group__isnull', False)), _connector='OR'), name='saved_item_is_resource_or_group'),
                ),
                migrations.AddConstraint(
                    model_name='saveditem',
                    constraint=models.UniqueConstraint(condition=models.Q(('resource__isnull', False)), fields=('saved_list', 'resource'), name='saved_item_resource_once'),
                ),
                migrations.AddConstraint(
                    model_name='saveditem',
                    constraint=models.UniqueConstraint(condition=models.Q(('group__isnull', False)), fields=('saved_list', 'group'), name='saved_item_group_once'),
                ),
            ],
        ),
    ]
