"""What the public sends curators: suggested listings and problem reports, each stored the
moment it is sent and kept whatever the decision."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from groups.models import Category, Format, SupportGroup
from resources.models import Resource


class ModerationStatus(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ModerationRecord(models.Model):
    """Stored the moment it is submitted, before anyone reviews it, and never deleted by review."""

    status = models.CharField(
        max_length=20, choices=ModerationStatus.choices, default=ModerationStatus.NEW
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
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


class GroupSuggestion(ModerationRecord):
    """A new group someone suggests; kept exactly as submitted until a curator decides."""

    name = models.CharField(max_length=200)
    organization_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(max_length=4000)
    format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="+")
    schedule = models.TextField(
        max_length=1000, blank=True, help_text="When it meets, in the suggester's words."
    )
    contact = models.TextField(max_length=1000, blank=True, help_text="How people reach the group.")
    submitter_email = models.EmailField(blank=True)
    group = models.ForeignKey(
        SupportGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The listing made from this suggestion, once accepted.",
    )

    class Meta(ModerationRecord.Meta):
        pass

    def __str__(self) -> str:
        return self.name


class GroupReport(ModerationRecord):
    """A problem report or suggested correction about a group listing."""

    class Problem(models.TextChoices):
        WRONG_DETAILS = "wrong_details", "Some details are wrong"
        NOT_MEETING = "not_meeting", "The group no longer meets"
        CONTACT_FAILED = "contact_failed", "Nobody answered"
        SAFETY = "safety", "A safety or privacy concern"
        OTHER = "other", "Something else"

    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="reports")
    problem = models.CharField(max_length=20, choices=Problem.choices)
    details = models.TextField(max_length=4000, blank=True)
    suggested_change = models.TextField(max_length=4000, blank=True)
    submitter_email = models.EmailField(blank=True)

    class Meta(ModerationRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_problem_display()}: {self.group}"


class ResourceSuggestion(ModerationRecord):
    """A resource someone outside the team suggests adding to the library."""

    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    description = models.TextField(max_length=4000, blank=True)
    submitter_email = models.EmailField(blank=True)
    resource = models.ForeignKey(
        Resource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The library entry made from this suggestion, once accepted.",
    )

    class Meta(ModerationRecord.Meta):
        pass

    def __str__(self) -> str:
        return self.title


class ResourceReport(ModerationRecord):
    """A problem report or suggested correction about a library entry."""

    class Problem(models.TextChoices):
        BROKEN_LINK = "broken_link", "The link does not work"
        WRONG_DETAILS = "wrong_details", "Some details are wrong"
        HARMFUL = "harmful", "The content could cause harm"
        OTHER = "other", "Something else"

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="reports")
    problem = models.CharField(max_length=20, choices=Problem.choices)
    details = models.TextField(max_length=4000, blank=True)
    suggested_change = models.TextField(max_length=4000, blank=True)
    submitter_email = models.EmailField(blank=True)

    class Meta(ModerationRecord.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.get_problem_display()}: {self.resource}"
