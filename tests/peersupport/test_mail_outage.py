"""When the mail server is away, account actions that send an email say so and keep nothing
half-made; the same sign-up works once mail is back (docs/safety.md, rule 10). And a sign-up
costs the same whether or not the address has an account."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from peersupport.models import User
from tests.peersupport.test_accounts import DATABASE_CACHE, PASSWORD

pytestmark = pytest.mark.django_db

NOT_SENT = "We could not send the email"


@pytest.fixture
def mail_away(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: refused
    settings.EMAIL_USE_TLS = False
    # The default cache lives in the database, so the page that says so must be drawn outside
    # the undone transaction.
    settings.CACHES = {"default": DATABASE_CACHE}
    return settings


def sign_up(client, email: str):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_a_sign_up_that_cannot_send_its_email_keeps_nothing_and_can_be_retried(client, mail_away):
    response = sign_up(client, "new@example.org")
    assert response.status_code == 503
    assert NOT_SENT in response.content.decode()
    assert "Exit this page" in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()
    assert "_auth_user_id" not in client.session

    mail_away.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retried = sign_up(client, "new@example.org")
    assert retried["Location"] == reverse("account_email_verification_sent")
    assert User.objects.get(email="new@example.org").emailaddress_set.get().email
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("account_reset_password", {"email": "alice@example.org"}),
        ("account_request_login_code", {"email": "alice@example.org"}),
    ],
)
def test_a_reset_or_a_sign_in_code_that_cannot_be_sent_says_so(client, alice, mail_away, url, data):
    response = client.post(reverse(url), data)
    assert response.status_code == 503
    assert NOT_SENT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_taken_address_that_cannot_be_told_looks_the_same_as_a_new_one(client, alice, mail_away):
    taken, new = sign_up(client, alice.email), sign_up(client, "new@example.org")
    assert taken.status_code == new.status_code == 503
    assert User.objects.filter(email=alice.email).count() == 1


class CountingHasher(MD5PasswordHasher):
    encoded = 0

    def encode(self, password, salt):
        CountingHasher.encoded += 1
        return super().encode(password, salt)


def test_a_sign_up_hashes_a_password_whether_or_not_the_address_has_an_account(
    client, alice, settings
):
    # Hashing is what a sign-up spends its time on; the same work on both paths keeps the time
    # from telling who has an account (timings themselves: make bench).
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    counts = {}
    for email in [alice.email, "new@example.org"]:
        CountingHasher.encoded = 0
        assert sign_up(client, email).status_code == 302
        counts[email] = CountingHasher.encoded
    assert counts == {alice.email: 1, "new@example.org": 1}
