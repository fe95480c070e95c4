"""The account pages, messages and emails speak in the site's own plain, calm words, not
allauth's stock ones, and every form on them still works."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.peersupport.test_accounts import (
    PASSWORD,
    confirm_password,
    current_totp_code,
    sign_in,
)

pytestmark = pytest.mark.django_db

# allauth's own wording (and Django's), which none of our account pages shows any more.
STOCK = [
    "Sign In",
    "Sign Up",
    "Signup",
    "Sign Out",
    "Two-Factor",
    "two-factor authentication",
    "Forgot your password?",
    "Forgot Password",
    "Manage Email",
    "Please confirm that",
    "is an email address for user",
    "Password (again)",
    "Reset My Password",
    "Request Code",
    "Enter Sign-In Code",
    "Confirm Access",
    "Please reauthenticate",
    "Verify Your Email Address",
    "Email Addresses",
    "Change Password",
    "Set Password",
    "Authenticator App",
    "Recovery Codes",
    "recovery codes",
    "Activate",
    "Deactivate",
    "Bad Token",
    "Successfully",
    "Your password can’t",
    "Account Inactive",
    "Sessions",
    "Started At",
    "logged in",
]


def page_text(response) -> str:
    """The title and the main part of a page: where allauth's words would show."""
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
    return title + main


def heading(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def assert_our_words(response, expected_heading: str) -> None:
    assert response.status_code == 200
    assert heading(response) == expected_heading
    text = page_text(response)
    assert (
        f"<title>{expected_heading} · Peer Support Directory</title>" in response.content.decode()
    )
    stock = [phrase for phrase in STOCK if phrase in text]
    assert stock == [], stock
    assert "placeholder=" not in text  # each box has a label above it instead
    assert "Exit this page" in response.content.decode()


def link_in(message, path_start: str) -> str:
    return re.search(rf"https?://[^/\s]+({re.escape(path_start)}\S*)", message.body).group(1)


def assert_our_email(message, subject: str, *phrases: str) -> None:
    assert message.subject == f"Peer Support Directory: {subject}"
    for phrase in phrases:
        assert phrase in message.body
    for stock in ["Hello from", "Thank you for using", "You're receiving", "You are receiving"]:
        assert stock not in message.body


@pytest.mark.parametrize(
    ("name", "expected_heading"),
    [
        ("account_login", "Sign in"),
        ("account_signup", "Create an account"),
        ("account_reset_password", "Forgotten your password?"),
        ("account_reset_password_done", "Check your email"),
        ("account_request_login_code", "Sign in with a code"),
        ("account_email_verification_sent", "Check your email"),
        ("account_inactive", "This account is switched off"),
    ],
)
def test_each_page_for_visitors_uses_our_words(client, name, expected_heading):
    assert_our_words(client.get(reverse(name)), expected_heading)


@pytest.mark.parametrize(
    ("name", "expected_heading"),
    [
        ("account_email", "Your email addresses"),
        ("account_change_password", "Change your password"),
        ("account_logout", "Sign out"),
        ("account_reauthenticate", "Confirm it is you"),
        ("mfa_index", "Two-step sign-in"),
        ("usersessions_list", "Signed-in devices"),
    ],
)
def test_each_account_page_for_a_signed_in_advocate_uses_our_words(
    client, alice, name, expected_heading
):
    sign_in(client, alice.email)
    assert_our_words(client.get(reverse(name)), expected_heading)


def test_the_sign_in_page_offers_a_code_and_a_new_password_in_plain_words(client):
    text = page_text(client.get(reverse("account_login")))
    assert "Forgotten your password?" in text
    assert "Sign in with a code by email" in text
    assert "You do not need one to search the directory." in text
    assert ">Email address</label>" in text


def test_the_password_hint_says_what_the_validators_ask_for(client):
    text = page_text(client.get(reverse("account_signup")))
    assert "Use 10 or more characters." in text
    assert "Type the password again" in text


def test_signing_up_confirming_and_signing_in_all_speak_plainly(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert_our_words(response, "Check your email")
    assert "We have sent a link to confirm new@example.org." in page_text(response)

    (message,) = mail.outbox
    assert_our_email(
        message,
        "Confirm your email address",
        "Thank you for creating an account.",
        "After that, you can sign in.",
    )
    link = link_in(message, "/accounts/confirm-email/")
    page = client.get(link)
    assert_our_words(page, "Confirm your email address")
    assert "Is <strong>new@example.org</strong> your email address?" in page_text(page)

    confirmed = client.post(link, follow=True)
    assert "Thank you. new@example.org is confirmed." in page_text(confirmed)
    assert EmailAddress.objects.get(email="new@example.org").verified

    signed_in = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": PASSWORD}, follow=True
    )
    assert "You are signed in." in signed_in.content.decode()
    assert client.session["_auth_user_id"]


def test_a_confirmation_link_that_no_longer_works_says_what_to_do(client):
    response = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))
    assert_our_words(response, "Confirm your email address")
    assert "This link has expired or has already been used." in page_text(response)


def test_a_wrong_password_gets_our_message_and_no_blame(client, alice):
    response = sign_in(client, alice.email, "not the password")
    text = page_text(response)
    assert "We could not sign you in with that email address and password." in text
    assert "you specified" not in text


def test_signing_up_with_an_address_that_has_an_account_sends_our_email(client, alice):
    client.post(
        reverse("account_signup"),
        {"email": alice.email, "password1": PASSWORD, "password2": PASSWORD},
    )
    (message,) = mail.outbox
    assert_our_email(message, "You already have an account", "There is already an account for it")
    assert link_in(message, "/accounts/password/reset/")


def test_resetting_a_password_works_end_to_end_in_our_words(client, alice):
    done = client.post(reverse("account_reset_password"), {"email": alice.email}, follow=True)
    assert_our_words(done, "Check your email")
    (message,) = mail.outbox
    assert_our_email(message, "Set a new password", "The link works once.")

    form = client.get(link_in(message, "/accounts/password/reset/key/"), follow=True)
    assert_our_words(form, "Set a new password")
    assert "Type the new password again" in page_text(form)
    new_password = "another long test password"
    finished = client.post(
        form.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
        follow=True,
    )
    assert_our_words(finished, "Your password is changed")
    assert sign_in(client, alice.email, new_password).status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_used_password_link_says_it_no_longer_works(client, alice):
    response = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "nope"})
    )
    assert_our_words(response, "This link no longer works")


def test_a_reset_for_an_unknown_address_sends_our_email(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    (message,) = mail.outbox
    assert_our_email(
        message, "No account for this email address", "this email has no link or code in it"
    )


def test_signing_in_with_a_code_works_in_our_words(client, alice):
    page = client.post(reverse("account_request_login_code"), {"email": alice.email}, follow=True)
    assert_our_words(page, "Type your sign-in code")
    assert f"We have sent an email to {alice.email}." in page_text(page)
    assert ">Sign-in code</label>" in page_text(page)
    (message,) = mail.outbox
    assert_our_email(message, "Your sign-in code", "Here is your code to sign in:")
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)

    wrong = client.post(reverse("account_confirm_login_code"), {"code": "AAAA-AAAA"})
    assert "That code did not work." in page_text(wrong)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_adding_and_removing_addresses_speaks_plainly(client, alice):
    sign_in(client, alice.email)
    added = client.post(
        reverse("account_email"), {"action_add": "", "email": "work@example.org"}, follow=True
    )
    assert "We have sent a link to confirm work@example.org." in page_text(added)
    assert "work@example.org (not confirmed yet)" in page_text(added)
    (message,) = mail.outbox
    assert_our_email(message, "Confirm your email address", "After that, you can sign in")

    kept = client.post(
        reverse("account_email"), {"action_remove": "", "email": alice.email}, follow=True
    )
    assert "is your main email address, so it cannot be removed" in page_text(kept)
    removed = client.post(
        reverse("account_email"), {"action_remove": "", "email": "work@example.org"}, follow=True
    )
    assert "work@example.org is removed from your account." in page_text(removed)


def test_changing_the_password_works_and_signs_out_as_the_page_says(client, alice):
    sign_in(client, alice.email)
    other_device = Client()
    sign_in(other_device, alice.email)
    new_password = "another long test password"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
        follow=True,
    )
    assert "Your password is changed." in page_text(response)
    # "You are signed out on every device, including this one."
    assert client.get(reverse("lists:index")).status_code == 302
    assert other_device.get(reverse("lists:index")).status_code == 302
    assert sign_in(client, alice.email, new_password).status_code == 302


def test_an_account_with_no_password_is_asked_to_set_one(client):
    user = make_user("nopassword@example.org")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert_our_words(client.get(reverse("account_set_password")), "Set a password")


def test_signing_out_works_and_says_so(client, alice):
    sign_in(client, alice.email)
    response = client.post(reverse("account_logout"), follow=True)
    assert "You are signed out." in page_text(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)  # the messages are added once the change is committed
def test_turning_two_step_sign_in_on_and_off_speaks_plainly(client, alice):
    sign_in(client, alice.email)
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert_our_words(page, "Turn on two-step sign-in")
    secret = client.session["mfa.totp.secret"]
    codes = client.post(
        reverse("mfa_activate_totp"), {"code": current_totp_code(secret)}, follow=True
    )
    assert_our_words(codes, "Backup codes")
    assert "Two-step sign-in is on." in page_text(codes)
    assert "Your backup codes are ready." in page_text(codes)

    index = client.get(reverse("mfa_index"))
    assert_our_words(index, "Two-step sign-in")
    assert "You have 10 of 10 left." in page_text(index)
    assert_our_words(client.get(reverse("mfa_generate_recovery_codes")), "Make new backup codes")
    assert_our_words(client.get(reverse("mfa_deactivate_totp")), "Turn off two-step sign-in")

    off = client.post(reverse("mfa_deactivate_totp"), follow=True)
    assert "Two-step sign-in is off." in page_text(off)
    assert not Authenticator.objects.filter(user=alice).exists()


def test_the_second_step_of_signing_in_uses_our_words(client, alice):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    page = client.get(sign_in(client, alice.email)["Location"])
    assert_our_words(page, "Two-step sign-in")
    assert ">Code from your app, or a backup code</label>" in page_text(page)
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "That code did not work." in page_text(wrong)
    client.post(reverse("mfa_authenticate"), {"code": current_totp_code(secret)})
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_confirming_it_is_you_with_two_step_sign_in_on_uses_our_words(client, alice):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    sign_in(client, alice.email)
    client.post(reverse("mfa_authenticate"), {"code": current_totp_code(secret)})
    page = client.get(reverse("mfa_reauthenticate"))
    assert_our_words(page, "Confirm it is you")
    assert "Use your password instead" in page_text(page)
    assert "Use a code from your app instead" in page_text(
        client.get(reverse("account_reauthenticate"))
    )
