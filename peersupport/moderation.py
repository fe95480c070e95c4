"""The shared shape of everything the public submits for curators to review."""

from django.conf import settings
from django.db import models
from django.db.models import Q


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
    reason = models.TextField(blank=True, help_text="Why it was accepted or declined.")

    class Meta:
        abstract = True
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["new", "in_review"]) | Q(reviewed_at__isnull=False),
                name="%(app_label)s_%(class)s_decided_has_review_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="%(class)s_queue"),
        ]
