"""Storing what the public sends: exactly as sent, before anyone reviews it."""

from django.db import transaction

from curation.models import GroupReport
from groups.models import SupportGroup


@transaction.atomic
def submit_group_report(
    *,
    group: SupportGroup,
    problem: str,
    details: str = "",
    suggested_change: str = "",
    submitter_email: str = "",
) -> GroupReport:
    """Store a problem report exactly as sent, for curators to review."""
    return GroupReport.objects.create(
        group=group,
        problem=problem,
        details=details,
        suggested_change=suggested_change,
        submitter_email=submitter_email,
    )
