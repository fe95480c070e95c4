"""What the public sends curators: suggested listings and resources, problem reports and
corrections, each stored the moment it is sent and kept, as sent, whatever the decision.

The database holds that promise, not only the admin: a trigger refuses to delete a submission
or to change what was submitted (pgtrigger), so only the decision fields can ever change.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from groups.models import Category, Format, ListingKind, SupportGroup
from resources.models import Resource, ResourceKind


class ModerationStatus(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


OPEN_STATUSES = [ModerationStatus.NEW, ModerationStatus.IN_REVIEW]

# What a review may change; everything else on a submission is what was sent.
DECISION_FIELDS = ["status", "reviewer", "reviewed_at", "reason"]


def kept_as_sent(model_name: str, *, made: str | None = None) -> list[pgtrigger.Trigger]:
    """Triggers that keep a submission as it was sent: no deletes, and no change but a
    decision (and, for a suggestion, the link to what was made from it)."""
    may_change = [*DECISION_FIELDS, *([made] if made else [])]
    return [
        pgtrigger.Protect(name=f"{model_name}_never_deleted", operation=pgtrigger.Delete),
        pgtrigger.ReadOnly(name=f"{model_name}_kept_as_sent", exclude=may_change),
    ]


class ModerationRecord(models.Model):
    """Stored the moment it is submitted, before anyone reviews it, and never deleted by review.

    The sender's own name, email and phone are optional and only curators see them.
    """

    status = models.CharField(
        max_length=20, choices=ModerationStatus.choices, default=ModerationStatus.NEW
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitter_name = models.CharField(max_length=200, blank=True)
    submitter_email = models.EmailField(blank=True)
    submitter_phone = models.CharField(max_length=40, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(
        max_length=2000, blank=True, help_text="Why it was accepted or declined."
    )

    class Meta:
        abstract = True
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["new", "in_review"]) | Q(reviewed_at__isnull=False),
                name="%(app_label)s_%(class)s_decided_has_review_time",
                violation_error_message="A decision needs the time it was reviewed.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="%(class)s_queue"),
        ]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class GroupSuggestion(ModerationRecord):
    """A new listing of any kind someone suggests; kept exactly as submitted."""

    kind = models.CharField(
        max_length=20, choices=ListingKind.choices, default=ListingKind.SUPPORT_GROUP
    )
    name = models.CharField(max_length=200)
    organization_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(max_length=4000)
    format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="+")
    schedule = models.TextField(
        max_length=1000, blank=True, help_text="When it meets or is open, in the sender's words."
    )
    contact = models.TextField(max_length=1000, blank=True, help_text="How people reach it.")
    website = models.URLField(max_length=500, blank=True)
    runs_it = models.BooleanField(default=False, help_text="The sender runs or works for it.")
    group = models.ForeignKey(
        SupportGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The listing made from this suggestion, once accepted.",
    )

    class Meta(ModerationRecord.Meta):
        triggers = kept_as_sent("groupsuggestion", made="group")

    def __str__(self) -> str:
        return self.name


class Correction(models.Model):
    """What a report proposes for a listing's or resource's fields: `proposed` holds the new
    values by field, `seen` what those fields said when the report was sent."""

    proposed = models.JSONField(default=dict, blank=True)
    seen = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def is_correction(self) -> bool:
        return bool(self.proposed)


class Source(models.TextChoices):
    PUBLIC = "public", "The public"
    ORGANISER = "organiser", "An organiser"
    VERIFICATION = "verification", "A re-verification email"


class GroupReport(ModerationRecord, Correction):
    """A problem report about a listing, with corrected details when the sender gave them;
    also an organiser's proposed edit, or the answer "something changed" to a check email."""

    class Problem(models.TextChoices):
        WRONG_TIME = "wrong_time", "The day or time is wrong"
        MOVED = "moved", "It has moved"
        CLOSED = "closed", "It has closed or no longer meets"
        BROKEN_LINK = "broken_link", "A link, phone number or email does not work"
        CONTACT_FAILED = "contact_failed", "Nobody answered"
        UNSAFE = "unsafe", "Something on the page is unsafe"
        WRONG_DETAILS = "wrong_details", "Other details are wrong"
        OTHER = "other", "Something else"

    group = models.ForeignKey(SupportGroup, on_delete=models.PROTECT, related_name="reports")
    problem = models.CharField(max_length=20, choices=Problem.choices)
    details = models.TextField(max_length=4000, blank=True)
    suggested_change = models.TextField(max_length=4000, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.PUBLIC)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organiser who sent it, when one did.",
    )

    class Meta(ModerationRecord.Meta):
        triggers = kept_as_sent("groupreport", made="submitted_by")

    def __str__(self) -> str:
        return f"{self.get_problem_display()}: {self.group}"


class ResourceSuggestion(ModerationRecord):
    """A resource someone outside the team suggests adding to the library."""

    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    description = models.TextField(max_length=4000, blank=True)
    resource = models.ForeignKey(
        Resource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The library entry made from this suggestion, once accepted.",
    )

    class Meta(ModerationRecord.Meta):
        triggers = kept_as_sent("resourcesuggestion", made="resource")

    def __str__(self) -> str:
        return self.title


class ResourceReport(ModerationRecord, Correction):
    """A problem report about a library entry, with corrected details when given."""

    class Problem(models.TextChoices):
        BROKEN_LINK = "broken_link", "The link does not work"
        MOVED = "moved", "It has moved to another address"
        CLOSED = "closed", "It is no longer available"
        WRONG_DETAILS = "wrong_details", "Some details are wrong"
        UNSAFE = "unsafe", "The content is unsafe or could cause harm"
        OTHER = "other", "Something else"

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="reports")
    problem = models.CharField(max_length=20, choices=Problem.choices)
    details = models.TextField(max_length=4000, blank=True)
    suggested_change = models.TextField(max_length=4000, blank=True)

    class Meta(ModerationRecord.Meta):
        triggers = kept_as_sent("resourcereport")

    def __str__(self) -> str:
        return f"{self.get_problem_display()}: {self.resource}"


class Organiser(models.Model):
    """An account that runs an organisation's listings: it proposes edits to them, which go
    through the review queue; it never publishes directly."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organiser_of"
    )
    organization = models.ForeignKey(
        "groups.Organization", on_delete=models.CASCADE, related_name="organisers"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="organiser_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.organization}"


class VerificationRequest(models.Model):
    """One email asking a listing's contact whether it is still right, with its answer. Its
    links are signed and expire; once answered, they are spent."""

    class Answer(models.TextChoices):
        STILL_RIGHT = "still_right", "Still right"
        CHANGED = "changed", "Something changed"

    listing = models.ForeignKey(
        SupportGroup, on_delete=models.CASCADE, related_name="verification_requests"
    )
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    report = models.ForeignKey(
        GroupReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["listing", "sent_at"], name="verification_by_listing")]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False),
                name="verification_answer_has_time",
                violation_error_message="An answer needs the time it was given.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing} ({self.sent_at:%Y-%m-%d})"
