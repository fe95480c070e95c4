"""Who may use the review queue: curators, by their permissions. Anyone else signed in is
told the page does not exist; anyone signed out is asked to sign in (lists.views does the same)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from curation.models import ModerationRecord
from curation.services import QUEUE_KINDS

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
