"""An advocate's own data: downloading everything we hold, and deleting the account for good."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from lists import services as lists
from lists.models import SavedItem, SavedList
from peersupport.models import User
from search.choices import EditorialStatus

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def confirm_password(client, password: str = PASSWORD):
    return client.post(reverse("account_reauthenticate"), {"password": password})


def make_saved_list(owner, name: str, items: list[tuple], **overrides) -> SavedList:
    """A list with (resource or group, note) items in order."""
    saved_list = lists.create_list(owner=owner, name=name, **overrides)
    for thing, note in items:
        kind = "resource" if thing._meta.model_name == "resource" else "group"
        lists.save_to_lists(lists=[saved_list], note=note, **{kind: thing})
    return saved_list


def sessions_of(user) -> list[Session]:
    """Django's stored sessions signed in as the user, whatever allauth knows about them."""
    return [
        session
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def give_two_factor(user) -> None:
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "TOPSECRET"}
    )
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "SEEDSECRET"}
    )


@pytest.fixture
def alices_data(alice, bob, make_resource, make_group):
    EmailAddress.objects.create(user=alice, email="alice.work@example.org", verified=False)
    make_saved_list(
        alice,
        "Housing help",
        [
            (make_resource(title="Tenant Rights Guide", slug="tenant-rights"), "Start here"),
            (make_group(name="Tuesday Circle", slug="tuesday-circle"), "Ask for Dee"),
        ],
        description="For R.",
    )
    make_saved_list(bob, "Bob's referrals", [(make_resource(title="Bob's Pick"), "bob's note")])
    EmailAddress.objects.create(user=bob, email="bob.home@example.org", verified=True)
    return alice


# Downloading your data ---------------------------------------------------------------------


def download(client):
    response = client.get(reverse("account_data"))
    assert response.status_code == 200
    return response


def test_your_data_downloads_as_a_json_file(client, alices_data):
    client.force_login(alices_data)
    response = download(client)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="peer-support-directory-data.json"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_your_data_holds_your_lists_items_and_notes(client, alices_data):
    client.force_login(alices_data)
    data = json.loads(download(client).content)
    (saved,) = data["lists"]
    assert saved["name"] == "Housing help"
    assert saved["description"] == "For R."
    assert saved["shared_by_link"] is False
    assert [
        {key: item[key] for key in ("type", "title", "address", "note")} for item in saved["items"]
    ] == [
        {
            "type": "resource",
            "title": "Tenant Rights Guide",
            "address": "http://testserver" + reverse("resources:detail", args=["tenant-rights"]),
            "note": "Start here",
        },
        {
            "type": "group",
            "title": "Tuesday Circle",
            "address": "http://testserver" + reverse("groups:detail", args=["tuesday-circle"]),
            "note": "Ask for Dee",
        },
    ]
    assert all(item["added"] for item in saved["items"])


def test_your_data_holds_your_email_addresses_and_two_factor_types_but_no_secret(
    client, alices_data, bob
):
    give_two_factor(alices_data)
    give_two_factor(bob)
    client.force_login(alices_data)
    response = download(client)
    data = json.loads(response.content)
    assert data["email"] == "alice@example.org"
    assert data["name"] == "Alice"
    assert sorted(data["email_addresses"], key=lambda a: a["email"]) == [
        {"email": "alice.work@example.org", "verified": False, "primary": False},
        {"email": "alice@example.org", "verified": True, "primary": True},
    ]
    assert data["two_factor"] == ["recovery_codes", "totp"]
    body = response.content.decode()
    assert "TOPSECRET" not in body
    assert "SEEDSECRET" not in body
    assert "secret" not in body.lower()


def test_your_data_says_nothing_about_anyone_else(client, alices_data, bob):
    give_two_factor(bob)
    client.force_login(alices_data)
    body = download(client).content.decode()
    for text in ("bob", "Bob", "referrals"):
        assert text not in body


def test_your_data_keeps_notes_on_items_the_directory_no_longer_shows(client, alices_data):
    resource = SavedItem.objects.get(note="Start here").resource
    resource.status = EditorialStatus.ARCHIVED
    resource.save()
    client.force_login(alices_data)
    notes = [item["note"] for item in json.loads(download(client).content)["lists"][0]["items"]]
    assert notes == ["Start here", "Ask for Dee"]


def test_your_data_says_whether_a_list_is_shared_but_not_its_link(client, alices_data):
    saved_list = SavedList.objects.get(owner=alices_data)
    token = lists.share_list(saved_list=saved_list).share_token
    client.force_login(alices_data)
    response = download(client)
    assert json.loads(response.content)["lists"][0]["shared_by_link"] is True
    assert token not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in_for_data(client):
    response = client.get(reverse("account_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# Deleting your account --------------------------------------------------------------------------


def test_deleting_an_account_asks_for_the_password_again_first(client, alices_data):
    client.force_login(alices_data)
    for method in ("get", "post"):
        response = getattr(client, method)(reverse("account_delete"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=alices_data.pk).exists()
    assert SavedList.objects.filter(owner=alices_data).exists()


def test_a_wrong_password_does_not_unlock_deletion(client, alice):
    client.force_login(alice)
    assert confirm_password(client, "not my password").status_code == 200
    response = client.post(reverse("account_delete"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=alice.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in_to_delete(client):
    response = client.post(reverse("account_delete"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_deleting_an_account_removes_everything_and_signs_out_everywhere(alice, bob, alices_data):
    # Alice is signed in on two devices, Bob on his own.
    laptop, phone, bobs = Client(), Client(), Client()
    for client, user in ((laptop, alice), (phone, alice), (bobs, bob)):
        sign_in(client, user.email)
        assert client.session["_auth_user_id"] == str(user.pk)
    assert len(sessions_of(alice)) == 2
    assert UserSession.objects.filter(user=alice).count() == 2
    # Two-factor keys added after signing in, so signing in above needed no code.
    give_two_factor(alice)
    give_two_factor(bob)
    alices_list = SavedList.objects.get(owner=alice)
    token = lists.share_list(saved_list=alices_list).share_token
    bobs_before = {
        "lists": list(SavedList.objects.filter(owner=bob).values()),
        "items": list(SavedItem.objects.filter(saved_list__owner=bob).values()),
        "emails": list(EmailAddress.objects.filter(user=bob).values()),
        "two_factor": list(Authenticator.objects.filter(user=bob).values()),
        "user_sessions": list(UserSession.objects.filter(user=bob).values()),
        "sessions": [session.pk for session in sessions_of(bob)],
    }

    confirm_password(laptop)
    confirm_page = laptop.get(reverse("account_delete"))
    assert confirm_page.status_code == 200
    assert "Delete my account" in confirm_page.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()

    response = laptop.post(reverse("account_delete"))
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()

    assert not User.objects.filter(pk=alice.pk).exists()
    assert not SavedList.objects.filter(owner_id=alice.pk).exists()
    assert not SavedItem.objects.filter(saved_list_id=alices_list.pk).exists()
    assert not EmailAddress.objects.filter(user_id=alice.pk).exists()
    assert not EmailAddress.objects.filter(email__startswith="alice").exists()
    assert not Authenticator.objects.filter(user_id=alice.pk).exists()
    assert not UserSession.objects.filter(user_id=alice.pk).exists()
    assert sessions_of(alice) == []

    # Both devices are signed out, and the share link is gone with the list.
    for client in (laptop, phone):
        answer = client.get(reverse("lists:index"))
        assert answer.status_code == 302
        assert answer["Location"].startswith(reverse("account_login"))
    assert Client().get(reverse("shared_list", args=[token])).status_code == 404

    # The account cannot be signed in to again.
    again = Client()
    assert sign_in(again, alice.email).status_code == 200
    assert "_auth_user_id" not in again.session

    # Bob's data and session are untouched.
    assert bobs_before == {
        "lists": list(SavedList.objects.filter(owner=bob).values()),
        "items": list(SavedItem.objects.filter(saved_list__owner=bob).values()),
        "emails": list(EmailAddress.objects.filter(user=bob).values()),
        "two_factor": list(Authenticator.objects.filter(user=bob).values()),
        "user_sessions": list(UserSession.objects.filter(user=bob).values()),
        "sessions": [session.pk for session in sessions_of(bob)],
    }
    assert bobs.get(reverse("lists:index")).status_code == 200


def test_the_delete_page_offers_the_data_download_first(client, alice):
    sign_in(client, alice.email)
    confirm_password(client)
    html = client.get(reverse("account_delete")).content.decode()
    assert reverse("account_data") in html
    assert html.index(reverse("account_data")) < html.index("Delete my account")
