"""Roles, as an access matrix: curators (the Curators group, made by a migration) reach the
review queue and what curating needs in the admin, and nothing of people's accounts;
advocates have no rights at all; staff outside the group reach nothing; anyone signed out is
asked to sign in."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from curation.models import GroupReport
from groups.models import SupportGroup
from search.choices import EditorialStatus
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# What a curator may do in the admin, by model: view, add, change, delete.
CURATOR_ADMIN = {
    "curation.GroupSuggestion": "v---",
    "curation.GroupReport": "v---",
    "curation.ResourceSuggestion": "v---",
    "curation.ResourceReport": "v---",
    "curation.Organiser": "vacd",
    "curation.VerificationRequest": "v---",
    "groups.SupportGroup": "vac-",
    "groups.Organization": "vac-",
    "groups.MeetingPlace": "vac-",
    "groups.Meeting": "vacd",
    "groups.Category": "v---",
    "groups.Place": "v---",
    "resources.Resource": "vac-",
    "resources.Collection": "vac-",
    "resources.CollectionSection": "vacd",
    "resources.Topic": "v---",
    "peersupport.CrisisLine": "vac-",
    # People's accounts are the site administrator's alone.
    "peersupport.User": "----",
    "auth.Group": "----",
    "account.EmailAddress": "----",
    "mfa.Authenticator": "----",
    "usersessions.UserSession": "----",
}


def test_the_matrix_covers_every_model_in_the_admin():
    assert set(CURATOR_ADMIN) == {model._meta.label for model in admin.site._registry}


def test_the_curators_group_exists_with_its_permissions():
    curators = Group.objects.get(name="Curators")
    codenames = set(curators.permissions.values_list("codename", flat=True))
    assert "change_groupreport" in codenames and "delete_groupreport" not in codenames
    assert not {"view_user", "change_user", "view_savedlist", "view_saveditem"} & codenames


@pytest.mark.parametrize("label", sorted(CURATOR_ADMIN))
def test_a_curator_in_the_admin(client, carol, label):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    client.force_login(carol)
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    view, may_add = CURATOR_ADMIN[label][0] == "v", CURATOR_ADMIN[label][1] == "a"
    assert changelist.status_code == (200 if view else 403)
    assert add.status_code == (200 if may_add else 403)
    model_admin = admin.site._registry[model]
    request = changelist.wsgi_request
    assert model_admin.has_change_permission(request) is (CURATOR_ADMIN[label][2] == "c")
    assert model_admin.has_delete_permission(request) is (CURATOR_ADMIN[label][3] == "d")


def test_an_advocate_reaches_neither_the_admin_nor_the_queue(client, alice, make_group):
    report = GroupReport.objects.create(group=make_group(), problem="closed")
    client.force_login(alice)
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin's sign-in
    for url in [
        reverse("curation:queue"),
        reverse("curation:due"),
        reverse("curation:review", args=["listing-report", report.pk]),
    ]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["curator", "staff outside the group", "advocate", "anonymous"])
@pytest.mark.parametrize(
    "action", ["mark_verified_today", "send_for_review", "publish", "archive", "back_to_draft"]
)
def test_the_listing_admin_actions(client, carol, make_group, who, action):
    group = make_group(status=EditorialStatus.IN_REVIEW, last_verified=None)
    users = {"curator": carol, "staff outside the group": make_user(is_staff=True)}
    users["advocate"] = make_user()
    if who != "anonymous":
        client.force_login(users[who])
    response = client.post(
        reverse("admin:groups_supportgroup_changelist"),
        {"action": action, "_selected_action": [group.pk]},
    )
    group.refresh_from_db()
    if who == "curator":
        assert response.status_code == 302
        changed = {
            "mark_verified_today": group.last_verified is not None,
            "send_for_review": group.status == EditorialStatus.IN_REVIEW,
            "publish": group.status == EditorialStatus.PUBLISHED,
            "archive": group.status == EditorialStatus.ARCHIVED,
            "back_to_draft": group.status == EditorialStatus.DRAFT,
        }
        assert changed[action]
    else:
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "login" in response["Location"]
        assert (group.status, group.last_verified) == (EditorialStatus.IN_REVIEW, None)


def test_the_workflow_moves_one_step_at_a_time(client, carol, make_group):
    draft = make_group(status=EditorialStatus.DRAFT)
    client.force_login(carol)
    client.post(
        reverse("admin:groups_supportgroup_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == EditorialStatus.DRAFT  # a draft is reviewed before it is published
    assert not SupportGroup.objects.published().filter(pk=draft.pk).exists()


def curation_pages(report: GroupReport) -> list[str]:
    """Every page of the review queue, found from the URL conf so a new one is not missed."""
    from tests.fuzz.routes import all_routes, fill

    values = {
        "kind": "listing-report",
        "pk": str(report.pk),
        "table": "listings",
    }
    pages = []
    for route in all_routes():
        if route.pattern.startswith("curation/"):
            path_values = dict(values)
            if route.name == "curation:history":
                path_values |= {"kind": "listing", "pk": str(report.group_id)}
            pages.append(fill(route, path_values))
    return pages


@pytest.mark.parametrize("who", ["curator", "organiser", "advocate", "staff outside the group"])
def test_every_page_of_the_queue_by_role(client, carol, make_group, who):
    from curation.models import Organiser

    report = GroupReport.objects.create(group=make_group(), problem="closed")
    users = {
        "curator": carol,
        "advocate": make_user(),
        "staff outside the group": make_user(is_staff=True),
    }
    users["organiser"] = make_user()
    Organiser.objects.create(user=users["organiser"], organization=report.group.organization)
    client.force_login(users[who])
    pages = curation_pages(report)
    assert len(pages) >= 6
    for url in pages:
        expected = 200 if who == "curator" else 404
        assert client.get(url).status_code == expected, url


def test_every_page_of_the_queue_asks_the_signed_out_to_sign_in(client, make_group):
    report = GroupReport.objects.create(group=make_group(), problem="closed")
    for url in curation_pages(report):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
