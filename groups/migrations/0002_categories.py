from django.db import migrations

CATEGORIES = [
    ("domestic-violence", "Domestic violence",
     "Support for people who have been hurt or controlled by someone at home or in the family.", False),
    ("intimate-partner-violence", "Intimate partner violence",
     "Support for people who have been hurt, controlled or frightened by a partner or ex-partner.", False),
    ("sexual-violence", "Sexual violence",
     "Support for survivors of rape, sexual assault and sexual abuse, whenever it happened.", False),
    ("self-injury", "Self-injury",
     "Support for people who hurt themselves to cope, and for understanding what helps.", False),
    ("mental-health", "Mental health",
     "Support for people living with depression, anxiety, bipolar disorder and other conditions.", False),
    ("trauma-ptsd", "Trauma and PTSD",
     "Support for people living with the effects of trauma, including PTSD.", False),
    ("co-occurring", "Mental health and substance use",
     "Support for people living with a mental health condition and substance use together.", False),
    ("family-and-friends", "Family and friends",
     "Support for people who care about someone who is going through abuse or a crisis.", False),
    ("people-who-use-violence", "Programs for people who want to stop using violence",
     "Groups for people who have hurt a partner or family member and want to stop. "
     "They are listed separately and shown only when this topic is chosen.", True),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("groups", "Category")
    for position, (slug, name, description, separated) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "is_separated": separated,
                      "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
