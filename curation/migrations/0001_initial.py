import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# These models were made in the groups and resources apps. Their tables are renamed, not
# copied, so every row stays where it is; only the names that carry the app change.
MOVED = [
    ("groups", "groupsuggestion"),
    ("groups", "groupreport"),
    ("resources", "resourcesuggestion"),
    ("resources", "resourcereport"),
]
RENAMES = [
    *[f"ALTER TABLE {old}_{model} RENAME TO curation_{model}" for old, model in MOVED],
    "ALTER TABLE groups_groupsuggestion_categories RENAME TO curation_groupsuggestion_categories",
    *[
        f"ALTER TABLE curation_{model} RENAME CONSTRAINT {old}_{model}_decided_has_review_time"
        f" TO curation_{model}_decided_has_review_time"
        for old, model in MOVED
    ],
]
RENAMES_BACK = [
    *[
        f"ALTER TABLE curation_{model} RENAME CONSTRAINT curation_{model}_decided_has_review_time"
        f" TO {old}_{model}_decided_has_review_time"
        for old, model in MOVED
    ],
    "ALTER TABLE curation_groupsuggestion_categories RENAME TO groups_groupsuggestion_categories",
    *[f"ALTER TABLE curation_{model} RENAME TO {old}_{model}" for old, model in MOVED],
]


def move_content_types(apps, schema_editor, *, forwards: bool = True) -> None:
    """Curators' permissions and the admin's history follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, model in MOVED:
        source, target = (old, "curation") if forwards else ("curation", old)
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
                    name='GroupReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('new', 'New'), ('in_review', 'In review'), ('accepted', 'Accepted'), ('declined', 'Declined')], default='new', max_length=20)),
                        ('submitted_at', models.DateTimeField(auto_now_add=True)),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('reason', models.TextField(blank=True, help_text='Why it was accepted or declined.')),
                        ('problem', models.CharField(choices=[('wrong_details', 'Some details are wrong'), ('not_meeting', 'The group no longer meets'), ('contact_failed', 'Nobody answered'), ('safety', 'A safety or privacy concern'), ('other', 'Something else')], max_length=20)),
                        ('details', models.TextField(blank=True)),
                        ('suggested_change', models.TextField(blank=True)),
                        ('submitter_email', models.EmailField(blank=True, max_length=254)),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='groups.supportgroup')),
                        ('reviewer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-submitted_at'],
                        'abstract': False,
                        'indexes': [models.Index(fields=['status', 'submitted_at'], name='groupreport_queue')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['new', 'in_review']), ('reviewed_at__isnull', False), _connector='OR'), name='curation_groupreport_decided_has_review_time')],
                    },
                ),
                migrations.CreateModel(
                    name='GroupSuggestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('new', 'New'), ('in_review', 'In review'), ('accepted', 'Accepted'), ('declined', 'Declined')], default='new', max_length=20)),
                        ('submitted_at', models.DateTimeField(auto_now_add=True)),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('reason', models.TextField(blank=True, help_text='Why it was accepted or declined.')),
                        ('name', models.CharField(max_length=200)),
                        ('organization_name', models.CharField(blank=True, max_length=200)),
                        ('description', models.TextField()),
                        ('format', models.CharField(blank=True, choices=[('in_person', 'In person'), ('online', 'Online'), ('hybrid', 'In person and online'), ('phone', 'By phone')], max_length=20)),
                        ('city', models.CharField(blank=True, max_length=100)),
                        ('state', models.CharField(blank=True, max_length=2)),
                        ('postal_code', models.CharField(blank=True, max_length=10)),
                        ('schedule', models.TextField(blank=True, help_text="When it meets, in the suggester's words.")),
                        ('contact', models.TextField(blank=True, help_text='How people reach the group.')),
                        ('submitter_email', models.EmailField(blank=True, max_length=254)),
                        ('categories', models.ManyToManyField(blank=True, related_name='+', to='groups.category')),
                        ('group', models.ForeignKey(blank=True, help_text='The listing made from this suggestion, once accepted.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='groups.supportgroup')),
                        ('reviewer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-submitted_at'],
                        'abstract': False,
                        'indexes': [models.Index(fields=['status', 'submitted_at'], name='groupsuggestion_queue')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['new', 'in_review']), ('reviewed_at__isnull', False), _connector='OR'), name='curation_groupsuggestion_decided_has_review_time')],
                    },
                ),
                migrations.CreateModel(
                    name='ResourceReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('new', 'New'), ('in_review', 'In review'), ('accepted', 'Accepted'), ('declined', 'Declined')], default='new', max_length=20)),
                        ('submitted_at', models.DateTimeField(auto_now_add=True)),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('reason', models.TextField(blank=True, help_text='Why it was accepted or declined.')),
                        ('problem', models.CharField(choices=[('broken_link', 'The link does not work'), ('wrong_details', 'Some details are wrong'), ('harmful', 'The content could cause harm'), ('other', 'Something else')], max_length=20)),
                        ('details', models.TextField(blank=True)),
                        ('suggested_change', models.TextField(blank=True)),
                        ('submitter_email', models.EmailField(blank=True, max_length=254)),
                        ('resource', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='resources.resource')),
                        ('reviewer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-submitted_at'],
                        'abstract': False,
                        'indexes': [models.Index(fields=['status', 'submitted_at'], name='resourcereport_queue')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['new', 'in_review']), ('reviewed_at__isnull', False), _connector='OR'), name='curation_resourcereport_decided_has_review_time')],
                    },
                ),
                migrations.CreateModel(
                    name='ResourceSuggestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('new', 'New'), ('in_review', 'In review'), ('accepted', 'Accepted'), ('declined', 'Declined')], default='new', max_length=20)),
                        ('submitted_at', models.DateTimeField(auto_now_add=True)),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('reason', models.TextField(blank=True, help_text='Why it was accepted or declined.')),
                        ('title', models.CharField(max_length=300)),
                        ('url', models.URLField(max_length=500)),
                        ('description', models.TextField(blank=True)),
                        ('submitter_email', models.EmailField(blank=True, max_length=254)),
                        ('resource', models.ForeignKey(blank=True, help_text='The library entry made from this suggestion, once accepted.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='resources.resource')),
                        ('reviewer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-submitted_at'],
                        'abstract': False,
                        'indexes': [models.Index(fields=['status', 'submitted_at'], name='resourcesuggestion_queue')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['new', 'in_review']), ('reviewed_at__isnull', False), _connector='OR'), name='curation_resourcesuggestion_decided_has_review_time')],
                    },
                ),
            ],
        ),
    ]
