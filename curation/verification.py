"""Asking each overdue listing's contact whether it is still right (manage.py
send_verification_requests), with signed links that expire and are spent once answered:
"Yes, this is still right" sets the date it was last verified, without signing in;
"Something changed" opens a correction form filled in with the listing as it is."""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from curation.models import GroupReport, Source, VerificationRequest
from curation.reverification import due_listings
from curation.services import submit
from groups.models import SupportGroup

logger = logging.getLogger(__name__)

SALT = "curation.verification"


class LinkError(Exception):
    """A check link that cannot be used, with what to tell the person and the status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def make_token(request: VerificationRequest) -> str:
    return signing.dumps({"r": request.pk}, salt=SALT)


def read_token(token: str) -> VerificationRequest:
    """The unanswered request a link belongs to; LinkError when forged, expired or spent."""
    max_age = datetime.timedelta(days=settings.VERIFICATION_LINK_DAYS)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError(
            "This link has expired. If the listing needs a change, please report it on its "
            "page, or wait for our next email.",
            410,
        ) from None
    except signing.BadSignature:
        raise LinkError("This link is not one of ours, or it was not copied whole.", 404) from None
    request_id = payload.get("r") if isinstance(payload, dict) else None
    found = (
        VerificationRequest.objects.select_related("listing", "listing__organization")
        .filter(pk=request_id if isinstance(request_id, int) else None)
        .first()
    )
    if found is None:
        raise LinkError("This link is not one of ours, or it was not copied whole.", 404)
    if found.answered_at is not None:
        raise LinkError("This link was used already. Thank you for answering.", 410)
    return found


def contact_of(listing: SupportGroup) -> str:
    return listing.contact_email or listing.organization.email


def due_for_a_request(*, today: datetime.date):
    """Overdue published listings with somewhere to write, not asked in the last while."""
    recently = timezone.now() - datetime.timedelta(days=settings.VERIFICATION_RESEND_DAYS)
    return (
        due_listings(today=today)
        .exclude(Q(contact_email="") & Q(organization__email=""))
        .exclude(verification_requests__sent_at__gte=recently)
        .only("name", "slug", "contact_email", "last_verified", "organization__email")
    )


def send_requests(*, today: datetime.date, dry_run: bool = False) -> tuple[int, int]:
    """Email every listing due a request; (sent, failed)."""
    sent = failed = 0
    for listing in due_for_a_request(today=today).iterator(chunk_size=500):
        if dry_run:
            sent += 1
            continue
        with transaction.atomic():
            request = VerificationRequest.objects.create(
                listing=listing, sent_to=contact_of(listing)
            )
            try:
                send_mail(
                    f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Is {listing.name} still right?",
                    request_email(listing, request),
                    None,
                    [request.sent_to],
                )
            except Exception as error:  # the mail server is away: try again next run
                logger.warning("A check email was not sent (%s).", type(error).__name__)
                transaction.set_rollback(True)
                failed += 1
                continue
        sent += 1
    return sent, failed


def request_email(listing: SupportGroup, request: VerificationRequest) -> str:
    token = make_token(request)
    site = settings.SITE_URL
    checked = (
        f"We last checked it on {format_date(listing.last_verified, 'F j, Y')}."
        if listing.last_verified
        else "We have not been able to check it yet."
    )
    return (
        f"Hello,\n\nYou are the contact for {listing.name} in the Peer Support Directory:\n"
        f"{site}{listing.get_absolute_url()}\n\n{checked} People rely on it being right.\n\n"
        f"Yes, this is still right:\n{site}{reverse('curation:still_right', args=[token])}\n\n"
        f"Something changed:\n{site}{reverse('curation:changed', args=[token])}\n\n"
        f"These links work for {settings.VERIFICATION_LINK_DAYS} days and only once; you do not "
        'need an account. If you do not run this any more, please choose "Something '
        'changed" and tell us.\n'
    )


@transaction.atomic
def confirm_still_right(*, request: VerificationRequest) -> SupportGroup:
    request = VerificationRequest.objects.select_for_update().get(pk=request.pk)
    if request.answered_at is not None:
        raise LinkError("This link was used already. Thank you for answering.", 410)
    today = timezone.localdate()
    SupportGroup.objects.filter(pk=request.listing_id).update(
        last_verified=today, updated_at=timezone.now()
    )
    request.answer, request.answered_at = VerificationRequest.Answer.STILL_RIGHT, timezone.now()
    request.save(update_fields=["answer", "answered_at"])
    return request.listing


@transaction.atomic
def report_a_change(
    *, request: VerificationRequest, details: str, proposed: dict, seen: dict
) -> GroupReport:
    """Store the contact's correction for curators, and spend the link."""
    request = VerificationRequest.objects.select_for_update().get(pk=request.pk)
    if request.answered_at is not None:
        raise LinkError("This link was used already. Thank you for answering.", 410)
    report = submit(
        GroupReport,
        group=request.listing,
        problem=GroupReport.Problem.WRONG_DETAILS,
        details=details,
        proposed=proposed,
        seen=seen,
        source=Source.VERIFICATION,
        submitter_email=request.sent_to,
    )
    request.answer, request.answered_at = VerificationRequest.Answer.CHANGED, timezone.now()
    request.report = report
    request.save(update_fields=["answer", "answered_at", "report"])
    return report
