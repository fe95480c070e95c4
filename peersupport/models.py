from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.cache import cache
from django.db import models


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A signed-in person: an advocate, or a curator when `is_staff` is granted in the admin."""

    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class CrisisLineQuerySet(models.QuerySet):
    def for_country(self, country: str) -> "CrisisLineQuerySet":
        return self.filter(country=country, is_active=True)


class CrisisLine(models.Model):
    """An emergency number or crisis line shown in the safety strip for one country."""

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", "Emergency"
        CRISIS = "crisis", "Crisis line"
        DOMESTIC_VIOLENCE = "domestic_violence", "Domestic violence line"

    country = models.CharField(max_length=2, default="US", help_text="ISO 3166 country code.")
    name = models.CharField(max_length=120)
    short_name = models.CharField(
        max_length=40, help_text="What the strip shows, e.g. 'Emergency' or '988'."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    phone = models.CharField(max_length=30, blank=True, help_text="As people dial it.")
    sms_number = models.CharField(max_length=30, blank=True)
    sms_keyword = models.CharField(max_length=30, blank=True, help_text="e.g. START")
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)
    last_checked = models.DateField(help_text="When someone last confirmed these numbers.")

    objects = CrisisLineQuerySet.as_manager()

    class Meta:
        ordering = ["country", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="crisis_line_unique_name"),
            models.CheckConstraint(
                condition=~models.Q(phone="") | ~models.Q(sms_number=""),
                name="crisis_line_has_a_number",
                violation_error_message="A crisis line needs a number to call or to text.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        cache.delete(crisis_lines_cache_key(self.country))

    @property
    def tel_href(self) -> str:
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")

    @property
    def sms_href(self) -> str:
        number = "".join(c for c in self.sms_number if c.isdigit() or c == "+")
        return f"sms:{number}?&body={self.sms_keyword}" if self.sms_keyword else f"sms:{number}"


def crisis_lines_cache_key(country: str) -> str:
    return f"crisis-lines:{country}"
