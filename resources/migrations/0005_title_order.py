import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('resources', '0004_drop_title_trigram'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='resource',
            name='resource_status_title',
        ),
        migrations.AddIndex(
            model_name='resource',
            index=models.Index(django.db.models.functions.text.Lower('title'), models.F('id'), condition=models.Q(('status', 'published')), name='resource_title_order'),
        ),
    ]
