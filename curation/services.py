"""Storing what the public sends, exactly as sent, before anything else happens; and the
curators' decisions on it: review, accept (a draft made, a correction applied), decline."""

import logging
import textwrap
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from curation.models import (
    OPEN_STATUSES,
    GroupReport,
    GroupSuggestion,
    ModerationRecord,
    ModerationStatus,
    ResourceReport,
    ResourceSuggestion,
    Source,
)
from groups.models import (
    Facilitation,
    Format,
    Joining,
    ListingKind,
    Organization,
    SupportGroup,
)
from resources.models import Resource, ResourceKind
from search.choices import EditorialStatus

logger = logging.getLogger(__name__)

CURATORS = "Curators"


class DecisionError(Exception):
    """A decision that cannot be made, with the message the curator sees."""


@transaction.atomic
def submit(model: type[ModerationRecord], *, categories: Iterable = (), **fields):
    """Store a submission as sent; curators hear of it once it is safely stored."""
    record = model.objects.create(**fields)
    if categories:
        record.categories.set(categories)
    transaction.on_commit(lambda: tell_curators_of(record))
    return record


def kind_of(record: ModerationRecord) -> str:
    """The short name of a submission's kind, as the queue's URLs use it."""
    return QUEUE_KINDS_BY_MODEL[type(record)]


QUEUE_KINDS = {
    "listing-suggestion": GroupSuggestion,
    "listing-report": GroupReport,
    "resource-suggestion": ResourceSuggestion,
    "resource-report": ResourceReport,
}
QUEUE_KINDS_BY_MODEL = {model: kind for kind, model in QUEUE_KINDS.items()}
QUEUE_LABELS = {
    GroupSuggestion: "Suggested listings",
    GroupReport: "Problems with listings",
    ResourceSuggestion: "Suggested resources",
    ResourceReport: "Problems with resources",
}


def review_url(record: ModerationRecord) -> str:
    return settings.SITE_URL + reverse("curation:review", args=[kind_of(record), record.pk])


def curator_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return list(
        users.filter(models.Q(groups__name=CURATORS) | models.Q(is_superuser=True))
        .values_list("email", flat=True)
        .distinct()
    )


def tell_curators_of(record: ModerationRecord) -> None:
    """Email curators of one new submission, when they asked to hear of each. A mail server
    that fails loses nothing: the submission is stored and waits in the queue."""
    if settings.CURATION_EMAIL != "each":
        return
    label = QUEUE_LABELS[type(record)].lower()
    mail_curators(
        subject="New in the review queue",
        body=f"Something new is waiting in {label}:\n{review_url(record)}\n",
    )


def send_digest(*, since) -> int:
    """Email curators how many submissions came in since `since`; how many that was."""
    counts = {
        label: model.objects.filter(submitted_at__gte=since).count()
        for model, label in QUEUE_LABELS.items()
    }
    total = sum(counts.values())
    if total:
        lines = [f"{label}: {count}" for label, count in counts.items() if count]
        queue = settings.SITE_URL + reverse("curation:queue")
        mail_curators(
            subject=f"{total} new in the review queue",
            body="New since yesterday:\n" + "\n".join(lines) + f"\n\nThe queue: {queue}\n",
        )
    return total


def mail_curators(*, subject: str, body: str) -> bool:
    recipients = curator_emails()
    if not recipients:
        return False
    try:
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body,
            None,
            recipients,
        )
    except Exception as error:  # the mail server is away: the queue still holds everything
        logger.warning("Curators not emailed (%s); the queue has it.", type(error).__name__)
        return False
    return True


# Decisions


def decide(
    record: ModerationRecord, *, status: str, reviewer, reason: str = ""
) -> ModerationRecord:
    if not record.is_open:
        raise DecisionError("This was decided already.")
    record.status = status
    record.reviewer = reviewer
    record.reason = reason.strip()
    record.reviewed_at = (
        timezone.now() if status in (ModerationStatus.ACCEPTED, ModerationStatus.DECLINED) else None
    )
    record.save(update_fields=["status", "reviewer", "reason", "reviewed_at"])
    return record


@transaction.atomic
def start_review(*, record: ModerationRecord, reviewer) -> ModerationRecord:
    if record.status != ModerationStatus.NEW:
        raise DecisionError("Only a new submission can be taken for review.")
    return decide(record, status=ModerationStatus.IN_REVIEW, reviewer=reviewer)


@transaction.atomic
def decline(*, record: ModerationRecord, reviewer, reason: str) -> ModerationRecord:
    return decide(record, status=ModerationStatus.DECLINED, reviewer=reviewer, reason=reason)


@transaction.atomic
def accept_listing_suggestion(
    *, suggestion: GroupSuggestion, reviewer, reason: str = ""
) -> SupportGroup:
    """Make a draft listing from the suggestion, for the curator to finish and publish."""
    decide(suggestion, status=ModerationStatus.ACCEPTED, reviewer=reviewer, reason=reason)
    kind = suggestion.kind
    organization = find_or_make_organization(suggestion.organization_name or suggestion.name)
    listing = SupportGroup.objects.create(
        kind=kind,
        name=suggestion.name,
        slug=unique_slug(SupportGroup, suggestion.name),
        organization=organization,
        summary=textwrap.shorten(suggestion.description, 300, placeholder="…"),
        description=suggestion.description,
        format=suggestion.format
        or (Format.PHONE if kind == ListingKind.WARMLINE else Format.IN_PERSON),
        facilitation=Facilitation.PEER,
        joining=Joining.DROP_IN,
        how_to_join=suggestion.contact or "Get in touch with the organiser.",
        contact_website=suggestion.website,
        status=EditorialStatus.DRAFT,
    )
    listing.categories.set(suggestion.categories.all())
    suggestion.group = listing
    suggestion.save(update_fields=["group"])
    return listing


@transaction.atomic
def accept_resource_suggestion(
    *, suggestion: ResourceSuggestion, reviewer, reason: str = ""
) -> Resource:
    """Make a draft library entry from the suggestion, for the curator to finish."""
    decide(suggestion, status=ModerationStatus.ACCEPTED, reviewer=reviewer, reason=reason)
    resource = Resource.objects.create(
        title=suggestion.title,
        slug=unique_slug(Resource, suggestion.title),
        kind=suggestion.kind or ResourceKind.WEBSITE,
        summary=suggestion.description or suggestion.title,
        url=suggestion.url,
        publisher=suggestion.publisher,
        status=EditorialStatus.DRAFT,
    )
    suggestion.resource = resource
    suggestion.save(update_fields=["resource"])
    return resource


def reported_item(report: GroupReport | ResourceReport) -> SupportGroup | Resource:
    return report.group if isinstance(report, GroupReport) else report.resource


@transaction.atomic
def accept_report(
    *, report: GroupReport | ResourceReport, reviewer, fields: Iterable[str] = (), reason: str = ""
) -> SupportGroup | Resource:
    """Accept a report, applying the proposed values of the fields the curator ticked (and
    only those) to the listing or resource."""
    fields = [name for name in fields if name in report.proposed]
    reported = reported_item(report)
    item = type(reported).objects.select_for_update().get(pk=reported.pk)
    if fields:
        for name in fields:
            setattr(item, name, report.proposed[name])
        others = [field.name for field in item._meta.fields if field.name not in fields]
        try:
            # The ticked fields on their own, then every rule of the whole row.
            item.full_clean(exclude=others, validate_constraints=False)
            item.validate_constraints()
        except ValidationError as error:
            raise DecisionError(" ".join(error.messages)) from error
        item.save(update_fields=[*fields, "updated_at"])
    decide(report, status=ModerationStatus.ACCEPTED, reviewer=reviewer, reason=reason)
    return item


def find_or_make_organization(name: str) -> Organization:
    name = name.strip()[:200]
    found = Organization.objects.filter(name__iexact=name).order_by("pk").first()
    if found:
        return found
    return Organization.objects.create(name=name, slug=unique_slug(Organization, name))


def unique_slug(model: type[models.Model], text: str) -> str:
    base = slugify(text)[:180] or "listing"
    taken = set(
        model.objects.filter(slug__startswith=base).values_list("slug", flat=True)  # type: ignore[attr-defined]
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


# The queue


def queue_counts() -> dict[str, dict[str, int]]:
    """How many submissions of each kind are in each status."""
    return {
        kind: dict(model.objects.values_list("status").annotate(n=models.Count("pk")).order_by())
        for kind, model in QUEUE_KINDS.items()
    }


def queue_of(model: type[ModerationRecord], *, status: str) -> models.QuerySet:
    """A kind's submissions in a status: open ones oldest first (the longest waiting on top),
    decided ones newest first."""
    records = model.objects.filter(status=status).select_related("reviewer")
    if model is GroupReport:
        records = records.select_related("group").defer("group__search_vector")
    elif model is ResourceReport:
        records = records.select_related("resource").defer("resource__search_vector")
    if status in (ModerationStatus.NEW, ModerationStatus.IN_REVIEW):
        return records.order_by("submitted_at", "pk")
    return records.order_by("-reviewed_at", "-pk")


def record_decision(*, record: ModerationRecord, reviewer, action: str, reason: str, fields):
    """Carry out a curator's decision; what acceptance made (a draft, or the corrected item)."""
    if action == "review":
        start_review(record=record, reviewer=reviewer)
        return None
    if action == "decline":
        decline(record=record, reviewer=reviewer, reason=reason)
        return None
    if isinstance(record, GroupSuggestion):
        return accept_listing_suggestion(suggestion=record, reviewer=reviewer, reason=reason)
    if isinstance(record, ResourceSuggestion):
        return accept_resource_suggestion(suggestion=record, reviewer=reviewer, reason=reason)
    return accept_report(report=record, reviewer=reviewer, fields=fields, reason=reason)


def decision_message(record: ModerationRecord, made) -> str:
    if record.status == ModerationStatus.IN_REVIEW:
        return "You are reviewing this now."
    if record.status == ModerationStatus.DECLINED:
        return "Declined. The submission is kept with your reason."
    if isinstance(record, GroupSuggestion | ResourceSuggestion):
        return "Accepted. A draft was made from it: finish it here, then publish it."
    return "Accepted. The ticked fields were applied." if record.proposed else "Accepted."


def made_from(record: ModerationRecord):
    if isinstance(record, GroupSuggestion):
        return record.group
    if isinstance(record, ResourceSuggestion):
        return record.resource
    return None


# What a review page shows of a submission, in order: everything that was sent.
HIDDEN = {
    "id",
    "submitted_at",
    "status",
    "reviewer",
    "reviewed_at",
    "reason",
    "proposed",
    "seen",
    "group",
}


def submitted_fields(record: ModerationRecord) -> list[tuple[str, str]]:
    """The submission's fields as (label, value), exactly as sent."""
    rows = []
    for field in record._meta.get_fields():
        if field.name in HIDDEN or field.auto_created:
            continue
        if field.many_to_many:
            value = ", ".join(str(v) for v in getattr(record, field.name).all())
        elif field.choices:
            value = getattr(record, f"get_{field.name}_display")()
        elif isinstance(field, models.BooleanField):
            value = "Yes" if getattr(record, field.name) else "No"
        else:
            value = getattr(record, field.name)
        rows.append((str(field.verbose_name).capitalize(), "" if value is None else str(value)))
    return rows


# Organisers


@transaction.atomic
def propose_change(
    *, listing: SupportGroup, organiser, details: str, proposed: dict, seen: dict
) -> GroupReport:
    """An organiser's edit to their own listing, for curators to check and apply."""
    return submit(
        GroupReport,
        group=listing,
        problem=GroupReport.Problem.WRONG_DETAILS,
        details=details,
        proposed=proposed,
        seen=seen,
        source=Source.ORGANISER,
        submitted_by=organiser,
        submitter_email=organiser.email,
    )


def waiting_changes(listings, *, user) -> dict[int, int]:
    """How many of the user's proposed changes wait for a curator, by listing."""
    return dict(
        GroupReport.objects.filter(group__in=listings, submitted_by=user, status__in=OPEN_STATUSES)
        .values_list("group")
        .annotate(n=models.Count("pk"))
        .order_by()
    )
