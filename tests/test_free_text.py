"""Every box of free text has a limit, in the admin and in public forms alike."""

import pghistory.models
import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models

from groups.models import MeetingPlace

OUR_APPS = {"peersupport", "search", "groups", "resources", "lists", "curation"}


def free_text_fields():
    for model in apps.get_models():
        # History rows are written by database triggers; no form ever edits them.
        if issubclass(model, pghistory.models.Event):
            continue
        if model._meta.app_label in OUR_APPS and model._meta.managed:
            for field in model._meta.get_fields():
                if isinstance(field, models.TextField):
                    yield f"{model._meta.label}.{field.name}", field


def test_every_text_field_has_a_length_limit():
    assert [label for label, field in free_text_fields() if not field.max_length] == []


@pytest.mark.django_db
def test_the_admin_refuses_an_access_note_of_a_hundred_kilobytes(rf, carol):
    model_admin = admin.site._registry[MeetingPlace]
    request = rf.get("/")
    request.user = carol
    form_class = model_admin.get_form(request)
    form = form_class(data={"access_notes": "x" * 100_000})
    assert not form.is_valid()
    assert "at most 1000 characters" in " ".join(form.errors["access_notes"])


def constraints():
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            for constraint in model._meta.constraints:
                yield model, constraint


def says_a_sentence(model, constraint) -> bool:
    """Whether a curator who breaks the constraint reads a sentence, not its name: Django
    words a plain unique constraint on fields itself; every other one says its own."""
    if (
        isinstance(constraint, models.UniqueConstraint)
        and constraint.fields
        and constraint.condition is None
        and not constraint.expressions
    ):
        return True
    message = constraint.get_violation_error_message()
    return constraint.name not in message and message.endswith(".")


def test_every_constraint_explains_itself_in_a_sentence():
    unexplained = [
        f"{model._meta.label}.{constraint.name}"
        for model, constraint in constraints()
        if not says_a_sentence(model, constraint)
    ]
    assert unexplained == []


@pytest.mark.django_db
def test_the_admin_explains_a_broken_constraint_in_words(rf, carol, make_place):
    place = make_place(address_visibility="area_only")
    model_admin = admin.site._registry[MeetingPlace]
    request = rf.get("/")
    request.user = carol
    data = model_admin.get_form(request, place)(instance=place).initial
    data = {name: value for name, value in data.items() if value is not None}
    data |= {"venue_latitude": "33.75", "venue_longitude": "-84.39"}
    form = model_admin.get_form(request, place)(data=data, instance=place)
    assert not form.is_valid()
    errors = " ".join(form.non_field_errors())
    assert "Only a place with a public address may keep the venue's own latitude" in errors
    assert "meeting_place_venue_point_only_when_public" not in errors
