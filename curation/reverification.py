"""Listings and resources due a check: nobody has confirmed them for longer than
STALE_LISTING_DAYS, longest overdue first; and marking a batch checked today."""

import datetime

from django.conf import settings
from django.db.models import F, Q, QuerySet

from groups.models import SupportGroup
from resources.models import REVIEW_INTERVAL, Resource


def cutoff(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=settings.STALE_LISTING_DAYS)


def due_listings(*, today: datetime.date) -> QuerySet[SupportGroup]:
    """Published listings last checked before the cutoff, or never; never checked first."""
    return (
        SupportGroup.objects.published()
        .filter(Q(last_verified__isnull=True) | Q(last_verified__lt=cutoff(today)))
        .select_related("organization")
        .only("name", "slug", "kind", "last_verified", "organization__name")
        .order_by(F("last_verified").asc(nulls_first=True), "name", "pk")
    )


def due_resources(*, today: datetime.date) -> QuerySet[Resource]:
    """Published resources whose review is due, or that were last reviewed before the cutoff,
    or never."""
    return (
        Resource.objects.published()
        .filter(
            Q(next_review_due__lte=today)
            | Q(last_reviewed__isnull=True)
            | Q(last_reviewed__lt=cutoff(today))
        )
        .only("title", "slug", "kind", "last_reviewed", "next_review_due")
        .order_by(F("last_reviewed").asc(nulls_first=True), "title", "pk")
    )


def mark_verified(*, what: str, ids: list[int], today: datetime.date) -> int:
    """Mark the chosen published listings (or resources) checked today; how many were."""
    if what == "resources":
        return (
            Resource.objects.published()
            .filter(pk__in=ids)
            .update(
                last_reviewed=today,
                next_review_due=today + REVIEW_INTERVAL,
            )
        )
    return SupportGroup.objects.published().filter(pk__in=ids).update(last_verified=today)


def days_overdue(last: datetime.date | None, *, today: datetime.date) -> int | None:
    """Days past the cutoff; None when never checked."""
    if last is None:
        return None
    return (cutoff(today) - last).days
