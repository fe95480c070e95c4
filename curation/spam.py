"""Keeping robots out of the public forms without a third party: a field people never see
(the honeypot), a minimum time between showing a form and sending it, and a per-client limit.

No IP address is stored: the limit counts in the cache under a keyed hash of the address and
the hour, which expires with the hour. When the cache is away the limit lets people through:
a person in need is never turned away because a counter could not be read.
"""

import hashlib
import hmac
import logging
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

SALT = "curation.spam.started"
# The honeypot's name: a field a form-filling robot fills in and a person never sees.
HONEYPOT = "homepage"
TOO_FAST = "That was quicker than we expected. Please check your answers, then send the form again."
REFUSED = "We could not send this form. Please try again."
STALE = "This form was open for a long time. Please check your answers, then send it again."
WINDOW_SECONDS = 3600


class SpamChecks(forms.Form):
    """Mixed into every public form: the honeypot and the signed time the form was shown."""

    started = forms.CharField(required=False, widget=forms.HiddenInput)
    homepage = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A fresh time each time the form is shown, including when it comes back with errors.
        self.initial["started"] = signing.dumps(time.time(), salt=SALT)
        self.sent_started = self.sent_honeypot = ""
        if self.is_bound:
            self.sent_started = self.data.get("started", "")
            self.sent_honeypot = self.data.get(HONEYPOT, "")
            self.data = self.data.copy()
            self.data["started"] = self.initial["started"]
            self.data[HONEYPOT] = ""

    def clean(self):
        cleaned = super().clean()
        if self.errors:  # answers to fix come first; the form is checked again when resent
            return cleaned
        if self.sent_honeypot.strip():
            raise forms.ValidationError(REFUSED, code="honeypot")
        shown_at = shown_time(self.sent_started)
        waited = time.time() - shown_at if shown_at is not None else None
        if waited is None or waited < settings.SUBMISSION_MIN_SECONDS:
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        if waited > settings.SUBMISSION_MAX_SECONDS:
            raise forms.ValidationError(STALE, code="stale")
        return cleaned

    @property
    def answers(self) -> dict:
        """What the person answered, without the spam checks' own fields."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("started", HONEYPOT)}

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


def shown_time(token: str) -> float | None:
    try:
        shown_at = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return float(shown_at) if isinstance(shown_at, int | float) else None


def client_key(request: HttpRequest, *, now: float | None = None) -> str:
    """A key for this client and hour that cannot be turned back into its address."""
    hour = int((now or time.time()) // WINDOW_SECONDS)
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{address}|{hour}".encode(), hashlib.sha256
    ).hexdigest()
    return f"submissions:{digest[:32]}"


def over_limit(request: HttpRequest) -> bool:
    """Count one submission for this client; whether it is over the hour's limit."""
    key = client_key(request)
    try:
        count = (cache.get(key) or 0) + 1
        cache.set(key, count, WINDOW_SECONDS)
    except Exception as error:  # any cache failure: let the person through
        logger.warning("Submission limit not counted (%s).", type(error).__name__)
        return False
    return count > settings.SUBMISSIONS_PER_HOUR
