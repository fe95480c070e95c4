"""Advocate accounts: sign-up and verification, no enumeration, rate limits, two-factor
sign-in, sessions, and the admin behind the same door."""

import os
import re
import subprocess
import sys

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.urls import reverse

from peersupport.models import User
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def current_totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_request_login_code",
    ],
)
def test_account_pages_keep_our_layout_and_the_safety_shell(client, name):
    html = client.get(reverse(name)).content.decode()
    assert "Exit this page" in html
    assert "Skip to main content" in html
    assert "988" in html  # the safety strip


def test_signing_up_sends_a_verification_email_and_signs_in_only_once_verified(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    assert sign_in(client, "new@example.org")["Location"] == reverse(
        "account_email_verification_sent"
    )
    client.post(link)
    assert User.objects.get(email="new@example.org").emailaddress_set.get().verified
    assert sign_in(client, "new@example.org").status_code == 302
    assert client.get(reverse("account_email")).status_code == 200


def test_signing_up_with_a_taken_email_looks_the_same_as_a_new_one(client, alice):
    response = client.post(
        reverse("account_signup"),
        {"email": alice.email, "password1": PASSWORD, "password2": PASSWORD},
    )
    # Same redirect as a fresh sign-up; the owner of the address gets an email instead.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email=alice.email).count() == 1


def test_a_password_reset_answers_the_same_whether_or_not_the_account_exists(client, alice):
    known = client.post(reverse("account_reset_password"), {"email": alice.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_an_unverified_account_cannot_sign_in(client):
    make_user("unverified@example.org", verified=False)
    response = sign_in(client, "unverified@example.org")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_repeated_failed_sign_ins_are_locked_out_even_with_the_right_password(client, alice):
    for _ in range(5):
        assert sign_in(client, alice.email, "wrong password").status_code == 200
    response = sign_in(client, alice.email)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_the_lockout_lives_in_the_shared_cache_not_in_the_process(client, alice):
    from django.core.cache import cache

    for _ in range(5):
        sign_in(client, alice.email, "wrong password")
    sign_in(client, alice.email)
    assert "_auth_user_id" not in client.session
    # The counts are kept in the cache (Redis with CACHE_URL, which every app process shares),
    # so forgetting the cache, and only that, lifts the lockout.
    cache.clear()
    sign_in(client, alice.email)
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_two_factor_sign_in_asks_for_the_authenticator_code(client, alice):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    response = sign_in(client, alice.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": current_totp_code(secret)})
    assert client.session["_auth_user_id"] == str(alice.pk)


def confirm_password(client) -> None:
    """Sensitive changes ask for the password again first (allauth's reauthentication)."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def test_turning_on_two_factor_shows_the_qr_code_inline(client, alice):
    sign_in(client, alice.email)
    confirm_password(client)
    response = client.get(reverse("mfa_activate_totp"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<?xml" not in html
    assert "data:image" not in html
    assert "Exit this page" in html


def test_turning_on_two_factor_needs_the_code_from_the_app(client, alice):
    sign_in(client, alice.email)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_the_admin_login_goes_through_the_account_sign_in(client, carol):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_curator_reaches_the_admin_after_signing_in(client, carol):
    sign_in(client, carol.email)
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_advocate_sees_their_sessions_and_can_end_the_others(client, alice):
    from django.test import Client

    other_device = Client()
    sign_in(other_device, alice.email)
    sign_in(client, alice.email)
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 200
    assert "Exit this page" in response.content.decode()
    client.post(reverse("usersessions_list"))
    assert "_auth_user_id" not in other_device.session
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_an_emailed_code_signs_an_advocate_in(client, alice):
    client.post(reverse("account_request_login_code"), {"email": alice.email})
    (message,) = mail.outbox
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_asking_a_code_for_an_unknown_address_looks_the_same(client, alice):
    known = client.post(reverse("account_request_login_code"), {"email": alice.email})
    unknown = client.post(reverse("account_request_login_code"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code
    assert known.get("Location") == unknown.get("Location")


def test_signing_up_never_makes_a_curator(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "eager@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    user = User.objects.get(email="eager@example.org")
    assert not user.is_staff and not user.is_superuser


def test_turning_on_two_factor_asks_for_the_password_again_first(client, alice):
    sign_in(client, alice.email)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


SIGN_IN_FROM_ANOTHER_PROCESS = """
import django
django.setup()
from django.conf import settings
from django.contrib.auth.hashers import get_hashers
from django.test import Client

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the tests
get_hashers.cache_clear()
client = Client()
client.post(
    "/accounts/login/", {"login": "alice@example.org", "password": "a long test password"}
)
print("signed in" if "_auth_user_id" in client.session else "refused")
"""


def sign_in_from_another_process(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SIGN_IN_FROM_ANOTHER_PROCESS],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "django_cache",
    "KEY_PREFIX": "peersupport",
}
REDIS_URL = "redis://127.0.0.1:6379/15"


def test_without_a_cache_url_the_cache_is_shared_through_the_database():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "peersupport.settings"}
    env.pop("CACHE_URL", None)
    run = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.CACHES)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert run.stdout.strip() == str({"default": DATABASE_CACHE})


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("shared_through", ["database", "redis"])
def test_a_lockout_in_one_process_holds_in_another(settings, alice, shared_through):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peersupport.settings",
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "ALLOWED_HOSTS": "testserver",
    }
    env.pop("CACHE_URL", None)
    if shared_through == "redis":
        if not redis_reachable(REDIS_URL):
            if os.environ.get("CI"):
                pytest.fail("CI machines run Redis on 127.0.0.1:6379; it did not answer")
            pytest.skip("no Redis on 127.0.0.1:6379 to share a cache between processes")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": "peersupport",
            }
        }
        env["CACHE_URL"] = REDIS_URL
    else:
        settings.CACHES = {"default": DATABASE_CACHE}
    cache.clear()
    try:
        for _ in range(5):
            sign_in(Client(), alice.email, "wrong password")
        run = sign_in_from_another_process(env)
        assert run.stdout.strip().splitlines()[-1] == "refused"
        cache.clear()
        run = sign_in_from_another_process(env)
        assert run.stdout.strip().splitlines()[-1] == "signed in", run.stdout + run.stderr
    finally:
        cache.clear()


def test_a_session_ends_after_the_idle_time_unless_used(client, alice, settings):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    sign_in(client, alice.email)
    session = Session.objects.get(session_key=client.session.session_key)
    idle = session.expire_date - timezone.now()
    assert abs(idle.total_seconds() - settings.SESSION_COOKIE_AGE) < 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request pushes the end back


def test_behind_a_proxy_rate_limits_count_the_client_not_the_proxy():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peersupport.settings",
        "TRUSTED_PROXY_COUNT": "1",
    }
    script = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from allauth.core.internal.ratelimit import get_ip\n"
        "request = RequestFactory().get('/', HTTP_X_FORWARDED_FOR='203.0.113.9',"
        " REMOTE_ADDR='10.0.0.2')\n"
        "print(get_ip(request))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.stdout.strip().splitlines()[-1] == "203.0.113.9", run.stderr
