from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('resources', '0003_topic_slugs'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='resource',
            name='resource_title_trgm',
        ),
    ]
