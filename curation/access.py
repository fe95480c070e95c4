"""Who may use the review queue (curators, by their permissions) and whose listings an
organiser may propose edits to (their organisations'). Anyone else signed in is told the page
does not exist; anyone signed out is asked to sign in (lists.views does the same)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from curation.models import ModerationRecord, Organiser
from curation.services import QUEUE_KINDS
from groups.models import SupportGroup
from search.choices import EditorialStatus

# What reviewing a submission takes: seeing and changing every kind of submission.
REVIEW_PERMISSIONS = [
    f"curation.{action}_{model._meta.model_name}"
    for model in QUEUE_KINDS.values()
    for action in ("view", "change")
]


def is_curator(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perms(REVIEW_PERMISSIONS)


def curator_required(view: Callable) -> Callable:
    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_curator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def get_submission(kind: str, pk: int) -> ModerationRecord:
    model = QUEUE_KINDS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model, pk=pk)


def is_organiser(user) -> bool:
    return user.is_authenticated and Organiser.objects.filter(user=user).exists()


def organised_listings(user) -> QuerySet[SupportGroup]:
    """The listings of the organisations the user organises, archived ones aside."""
    if not user.is_authenticated:
        return SupportGroup.objects.none()
    return SupportGroup.objects.filter(organization__organisers__user=user).exclude(
        status=EditorialStatus.ARCHIVED
    )


def get_organised_listing(user, slug: str) -> SupportGroup:
    """One of the user's own listings; any other is simply not found."""
    return get_object_or_404(organised_listings(user), slug=slug)
