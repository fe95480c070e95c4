import datetime

from django.db import migrations

US_LINES = [
    {
        "name": "Emergency services",
        "short_name": "Emergency",
        "kind": "emergency",
        "phone": "911",
        "description": "Police, fire or ambulance when you are in danger now",
        "position": 10,
    },
    {
        "name": "988 Suicide & Crisis Lifeline",
        "short_name": "988 Lifeline",
        "kind": "crisis",
        "phone": "988",
        "sms_number": "988",
        "description": "Talk or text with someone about a mental health crisis, any time",
        "position": 20,
    },
    {
        "name": "National Domestic Violence Hotline",
        "short_name": "Domestic violence hotline",
        "kind": "domestic_violence",
        "phone": "1-800-799-7233",
        "sms_number": "88788",
        "sms_keyword": "START",
        "description": "Free, private support for anyone affected by abuse, any time",
        "position": 30,
    },
]


def add_us_lines(apps, schema_editor):
    CrisisLine = apps.get_model("peersupport", "CrisisLine")
    for line in US_LINES:
        CrisisLine.objects.update_or_create(
            country="US",
            name=line["name"],
            defaults={**line, "last_checked": datetime.date(2026, 11, 22)},
        )


class Migration(migrations.Migration):
    dependencies = [("peersupport", "0002_extensions")]

    operations = [migrations.RunPython(add_us_lines, migrations.RunPython.noop)]
