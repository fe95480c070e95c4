"""Places shared only on request are measured from their town's centre, not their ZIP's."""

from django.db import migrations

from groups.models.places import normalize_town


def move_to_town_centres(apps, schema_editor) -> None:
    MeetingPlace = apps.get_model("groups", "MeetingPlace")
    Place = apps.get_model("groups", "Place")
    for place in MeetingPlace.objects.filter(address_visibility="on_request"):
        town = Place.objects.filter(
            kind="town", state=place.state, search_key=normalize_town(place.city)
        ).first()
        if town is not None:
            place.area = town
            place.area_latitude, place.area_longitude = town.latitude, town.longitude
            place.save(update_fields=["area", "area_latitude", "area_longitude"])


class Migration(migrations.Migration):
    dependencies = [("groups", "0011_place_zip_count")]

    operations = [migrations.RunPython(move_to_town_centres, migrations.RunPython.noop)]
