import django.contrib.postgres.indexes
from django.contrib.postgres.operations import BtreeGinExtension
import django.db.models.deletion
import django.db.models.functions.math
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    """Broad searches: an index of a fixed sample for estimated counts, the best matches of
    common words (filled by `manage.py refresh_library`), and the words and facets in one
    index, so a search narrowed by facets skips through a common word's matches."""

    dependencies = [
        ('resources', '0006_title_key'),
    ]

    operations = [
        BtreeGinExtension(),
        migrations.CreateModel(
            name='TopMatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=200)),
                ('rank', models.FloatField()),
            ],
            options={
                'ordering': ['word', '-rank'],
            },
        ),
        migrations.RemoveIndex(
            model_name='resource',
            name='resource_languages',
        ),
        migrations.RemoveIndex(
            model_name='resource',
            name='resource_audience',
        ),
        migrations.RemoveIndex(
            model_name='resource',
            name='resource_search',
        ),
        migrations.RemoveIndex(
            model_name='resource',
            name='resource_topic_slugs',
        ),
        migrations.AddIndex(
            model_name='resource',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector', 'topic_slugs', 'kind', 'audience', 'languages'], name='resource_search'),
        ),
        migrations.AddIndex(
            model_name='resource',
            index=django.contrib.postgres.indexes.GinIndex(condition=models.Q(('status', 'published'), django.db.models.lookups.Exact(django.db.models.functions.math.Mod('id', 64), 0)), fields=['search_vector'], name='resource_search_sample'),
        ),
        migrations.AddField(
            model_name='topmatch',
            name='resource',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='resources.resource'),
        ),
        migrations.AddConstraint(
            model_name='topmatch',
            constraint=models.UniqueConstraint(fields=('word', 'resource'), name='top_match_once'),
        ),
    ]
