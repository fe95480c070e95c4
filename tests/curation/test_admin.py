"""The moderation queues in the admin: nothing the public sent is ever deleted, and a decision
records who made it, when, and why."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from curation.models import (
    GroupReport,
    GroupSuggestion,
    ModerationRecord,
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
    GroupReport.objects.create(group=group, problem=GroupReport.Problem.NOT_MEETING)
    ResourceSuggestion.objects.create(title="A toolkit", url="https://example.org/toolkit")
    ResourceReport.objects.create(resource=resource, problem=ResourceReport.Problem.BROKEN_LINK)


@pytest.fixture
def curator(client, carol):
    client.force_login(carol)
    return client


@pytest.mark.parametrize("model", MODERATION, ids=lambda model: model.__name__)
def test_moderation_records_cannot_be_deleted_in_the_admin(carol, content, model):
    request = RequestFactory().get("/admin/")
    request.user = carol
    model_admin = admin.site._registry[model]
    record = model.objects.get()
    assert model_admin.has_delete_permission(request) is False
    assert model_admin.has_delete_permission(request, record) is False
    assert "delete_selected" not in model_admin.get_actions(request)


@pytest.mark.parametrize("model", MODERATION, ids=lambda model: model.__name__)
def test_the_delete_page_of_a_moderation_record_is_refused(curator, content, model):
    record = model.objects.get()
    assert curator.post(admin_url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


def test_accepting_a_suggestion_records_who_reviewed_it_and_when(curator, carol, content):
    suggestion = ResourceSuggestion.objects.get()
    response = curator.post(
        admin_url(ResourceSuggestion, "change", suggestion.pk),
        {
            "title": suggestion.title,
            "url": suggestion.url,
            "description": "",
            "submitter_email": "",
            "resource": "",
            "status": ModerationStatus.ACCEPTED,
            "reason": "A useful toolkit.",
        },
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == ModerationStatus.ACCEPTED
    assert suggestion.reviewer == carol
    assert suggestion.reviewed_at is not None
    assert suggestion.reason == "A useful toolkit."


@pytest.mark.parametrize("model", [GroupReport, ResourceReport], ids=lambda model: model.__name__)
def test_a_problem_report_keeps_the_curators_reason_for_the_decision(model):
    decision_reason = ModerationRecord._meta.get_field("reason")
    assert any(
        field.get_internal_type() == "TextField" and field.help_text == decision_reason.help_text
        for field in model._meta.get_fields()
        if hasattr(field, "help_text")
    )
