"""The lists' services: one name, one list, whatever the capitals, even between two requests."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from lists import services as lists
from lists.forms import ListForm
from lists.models import SavedList

pytestmark = pytest.mark.django_db


# One name, one list, whatever the capitals ---------------------------------------------------


def test_the_database_refuses_a_second_list_differing_only_in_capitals(alice):
    lists.create_list(owner=alice, name="Clients")
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedList.objects.create(owner=alice, name="cLIENTS")


def test_creating_a_list_whose_name_is_taken_says_so(alice, bob):
    lists.create_list(owner=alice, name="Clients")
    with pytest.raises(lists.ListNameTaken):
        lists.create_list(owner=alice, name="CLIENTS")
    assert lists.create_list(owner=bob, name="clients").owner == bob


def test_find_or_create_finds_the_list_whatever_its_capitals(alice):
    made = lists.create_list(owner=alice, name="Clients")
    assert lists.find_or_create_list(owner=alice, name="clients") == made
    assert SavedList.objects.filter(owner=alice).count() == 1


def test_find_or_create_takes_a_list_made_by_another_request_meanwhile(alice, monkeypatch):
    made = lists.create_list(owner=alice, name="Clients")
    real_filter = SavedList.objects.filter
    calls = []

    def first_look_misses(*args, **kwargs):
        # The first look happens before the other request's list exists.
        calls.append(kwargs)
        found = real_filter(*args, **kwargs)
        return found.none() if len(calls) == 1 else found

    monkeypatch.setattr(SavedList.objects, "filter", first_look_misses)
    assert lists.find_or_create_list(owner=alice, name="CLIENTS") == made


@pytest.mark.parametrize("url_name", ["lists:index", "lists:detail"])
def test_a_name_taken_by_another_request_meanwhile_gets_a_message_not_an_error(
    client, alice, monkeypatch, url_name
):
    other = lists.create_list(owner=alice, name="Other")
    lists.create_list(owner=alice, name="Clients")
    # The form's own check ran before the other request saved its list.
    monkeypatch.setattr(ListForm, "clean_name", lambda form: form.cleaned_data["name"])
    client.force_login(alice)
    args = [other.pk] if url_name == "lists:detail" else []
    response = client.post(reverse(url_name, args=args), {"name": "clients"})
    assert response.status_code == 422
    assert "You already have a list with this name." in response.content.decode()
    assert sorted(SavedList.objects.values_list("name", flat=True)) == ["Clients", "Other"]
