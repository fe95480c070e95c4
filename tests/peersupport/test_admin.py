"""The admin: every page of every model renders for the site's administrator; curators (the
Curators group) reach what curating needs and nothing of people's accounts; nobody else gets
in."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from curation.models import (
    GroupReport,
    GroupSuggestion,
    Organiser,
    ResourceReport,
    ResourceSuggestion,
    VerificationRequest,
)
from groups.models import Place
from lists.models import SavedItem, SavedList
from peersupport.models import User
from tests import factories

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def content(alice, make_group, make_place, make_meeting, make_resource, make_topic):
    """One of everything, so changelists render real rows."""
    group = make_group(categories=[factories.make_category()], last_verified="2026-01-10")
    make_meeting(group, place=make_place())
    resource = make_resource(topics=[make_topic()], last_reviewed="2026-02-01")
    factories.make_collection(resources=[resource])
    saved = SavedList.objects.create(owner=alice, name="For clients")
    SavedItem.objects.create(saved_list=saved, group=group, note="Tuesday evenings")
    GroupSuggestion.objects.create(name="New circle", description="Meets on Mondays.")
    GroupReport.objects.create(group=group, problem=GroupReport.Problem.CLOSED)
    ResourceSuggestion.objects.create(title="A toolkit", url="https://example.org/toolkit")
    ResourceReport.objects.create(resource=resource, problem=ResourceReport.Problem.BROKEN_LINK)
    Organiser.objects.create(user=alice, organization=group.organization)
    VerificationRequest.objects.create(listing=group, sent_to="contact@example.org")
    Place.objects.create(
        kind=Place.Kind.ZIP,
        postal_code="30303",
        city="Atlanta",
        state="GA",
        latitude=33.75,
        longitude=-84.39,
        timezone="America/New_York",
    )
    assert Group.objects.filter(name="Curators").exists()  # from migration curation 0004
    assert EmailAddress.objects.filter(user=alice, verified=True).exists()  # from the factory
    Authenticator.objects.create(user=alice, type=Authenticator.Type.TOTP, data={"secret": "S"})
    UserSession.objects.create(user=alice, ip="127.0.0.1", session_key="k", user_agent="Test")


@pytest.fixture
def administrator(client, root):
    client.force_login(root)
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_changelist_renders_for_the_administrator(administrator, content, model):
    assert administrator.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_changelist_can_be_searched(administrator, content, model):
    assert administrator.get(admin_url(model, "changelist"), {"q": "x"}).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_add_page_renders_for_the_administrator(administrator, root, model):
    request = RequestFactory().get("/admin/")
    request.user = root
    addable = admin.site._registry[model].has_add_permission(request)
    assert administrator.get(admin_url(model, "add")).status_code == (200 if addable else 403)


def test_two_factor_secrets_never_show_in_the_admin(administrator, content):
    authenticator = Authenticator.objects.get()
    html = administrator.get(admin_url(Authenticator, "change", authenticator.pk)).content.decode()
    assert "secret" not in html.lower()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_change_page_renders_for_the_administrator(administrator, content, model):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None
    assert administrator.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_the_admin_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_advocates_cannot_use_the_admin(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_shows_how_many_lists_an_advocate_keeps_but_never_the_lists(
    administrator, content, alice
):
    curator = administrator
    secret_name, secret_note = "For clients", "Tuesday evenings"
    pages = {
        "user": curator.get(admin_url(User, "change", alice.pk)),
        "users": curator.get(admin_url(User, "changelist"), {"q": "alice"}),
        "index": curator.get(reverse("admin:index")),
        "delete": curator.get(admin_url(User, "delete", alice.pk)),
    }
    assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 200)
    for response in pages.values():
        html = response.content.decode()
        assert secret_name not in html and secret_note not in html
    assert "1 list with 1 item, 0 shared by link" in pages["user"].content.decode()
    assert "Saved lists: 1" in pages["delete"].content.decode()  # a count, before deleting
    for model in (SavedList, SavedItem):
        assert model not in admin.site._registry
    assert curator.get("/admin/lists/savedlist/").status_code == 404
