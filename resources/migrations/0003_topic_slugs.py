import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models


# A frozen copy of the topic part of resources/services.py when this was written.
FILL = """
UPDATE resources_resource AS r
SET topic_slugs = coalesce((
    SELECT array_agg(t.slug ORDER BY t.slug)
    FROM resources_resource_topics AS rt
    JOIN resources_topic AS t ON t.id = rt.topic_id
    WHERE rt.resource_id = r.id
), '{}')
"""


class Migration(migrations.Migration):

    dependencies = [
        ('resources', '0002_library_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='resource',
            name='topic_slugs',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=100), blank=True, default=list, editable=False, size=None),
        ),
        migrations.AddIndex(
            model_name='resource',
            index=django.contrib.postgres.indexes.GinIndex(fields=['topic_slugs'], name='resource_topic_slugs'),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
