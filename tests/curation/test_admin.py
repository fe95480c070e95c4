"""What the public sent is never edited or deleted: the admin shows submissions read only,
and the database itself refuses deletes and changes to anything but the decision."""

import pytest
from django.contrib import admin
from django.db import DatabaseError, IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse

from curation.models import (
    GroupReport,
    GroupSuggestion,
    ModerationStatus,
    ResourceReport,
    ResourceSuggestion,
)

pytestmark = pytest.mark.django_db

MODERATION = [GroupSuggestion, GroupReport, ResourceSuggestion, ResourceReport]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def content(make_group, make_resource):
    """One record of each kind the public can send."""
    group, resource = make_group(), make_resource()
    GroupSuggestion.objects.create(name="New circle", description="Meets on Mondays.")
    GroupReport.objects.create(group=group, problem=GroupReport.Problem.CLOSED)
    ResourceSuggestion.objects.create(title="A toolkit", url="https://example.org/toolkit")
    ResourceReport.objects.create(resource=resource, problem=ResourceReport.Problem.BROKEN_LINK)


@pytest.fixture
def curator(client, carol):
    client.force_login(carol)
    return client


@pytest.mark.parametrize("model", MODERATION, ids=lambda model: model.__name__)
def test_moderation_records_cannot_be_changed_or_deleted_in_the_admin(carol, content, model):
    request = RequestFactory().get("/admin/")
    request.user = carol
    model_admin = admin.site._registry[model]
    record = model.objects.get()
    assert model_admin.has_view_permission(request, record)
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request, record) is False
    assert model_admin.has_delete_permission(request, record) is False
    assert "delete_selected" not in model_admin.get_actions(request)


@pytest.mark.parametrize("model", MODERATION, ids=lambda model: model.__name__)
def test_the_admin_shows_a_submission_read_only_with_a_way_to_the_queue(curator, content, model):
    record = model.objects.get()
    response = curator.get(admin_url(model, "change", record.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Review it in the queue" in page
    assert 'name="status"' not in page  # nothing to edit
    assert curator.post(admin_url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", MODERATION, ids=lambda model: model.__name__)
def test_the_database_refuses_to_delete_a_submission(content, model):
    record = model.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(pk=record.pk).delete()
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (GroupSuggestion, "name", "Edited"),
        (GroupReport, "details", "Edited"),
        (GroupReport, "proposed", {"name": "Edited"}),
        (ResourceSuggestion, "url", "https://example.org/edited"),
        (ResourceReport, "submitter_email", "edited@example.org"),
    ],
)
def test_the_database_refuses_to_change_what_was_sent(content, model, field, value):
    record = model.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(pk=record.pk).update(**{field: value})
    assert getattr(model.objects.get(pk=record.pk), field) != value


def test_the_decision_fields_can_still_change(content, carol):
    record = GroupReport.objects.get()
    GroupReport.objects.filter(pk=record.pk).update(
        status=ModerationStatus.IN_REVIEW, reviewer=carol, reason="Checking"
    )
    assert GroupReport.objects.get(pk=record.pk).status == ModerationStatus.IN_REVIEW


def test_a_listing_with_reports_cannot_be_deleted_so_its_reports_stay(content):
    report = GroupReport.objects.get()
    with pytest.raises(IntegrityError):
        report.group.delete()
    assert GroupReport.objects.filter(pk=report.pk).exists()
