"""Our adjustments to django-allauth."""

import smtplib

from allauth.account import forms as account_forms
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base import forms as mfa_forms
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password

# allauth's rate limits that count the emails sent to one address.
KEYED_BY_ADDRESS = ["confirm_email", "request_login_code", "reset_password"]


class EmailNotSent(Exception):
    """The mail server could not take a message (peersupport.middleware.account_emails)."""


class AccountAdapter(DefaultAccountAdapter):
    # Our words for the errors people meet most; allauth's stay for the rest.
    error_messages = DefaultAccountAdapter.error_messages | {
        "account_inactive": "This account is switched off, so it cannot be used to sign in.",
        "cannot_remove_primary_email": (
            "This is your main email address, so it cannot be removed. "
            "Make another address the main one first."
        ),
        "duplicate_email": "This email address is already on your account.",
        "email_password_mismatch": (
            "We could not sign you in with that email address and password. "
            "Please check them and try again."
        ),
        "email_taken": "This email address is already used by another account.",
        "enter_current_password": "Please type your current password.",
        "incorrect_code": "That code did not work. Please check it and try again.",
        "incorrect_password": "That password did not work. Please try again.",
        "too_many_login_attempts": (
            "There have been too many tries to sign in. To keep the account safe, "
            "please wait a few minutes and try again."
        ),
        "rate_limited": (
            "That was a lot of tries in a short time. Please wait a minute and try again."
        ),
        "unverified_primary_email": "Please confirm your main email address first.",
    }

    def get_reauthentication_methods(self, user) -> list[dict]:
        descriptions = {
            "reauthenticate": "Use your password instead",
            "mfa_reauthenticate": "Use a code from your app instead",
        }
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            method["description"] = descriptions.get(method["id"], method["description"])
        return methods

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError) as error:
            # Nothing was sent, so a retry must not be refused as a resend too soon.
            for action in KEYED_BY_ADDRESS:
                ratelimit.clear(allauth_context.request, action=action, key=email.lower())
            raise EmailNotSent(template_prefix) from error


def password_hint() -> str:
    """What the password validators in settings ask for, said plainly."""
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, password_validation.MinimumLengthValidator)
    ]
    length = f"Use {max(lengths)} or more characters. " if lengths else ""
    return f"{length}It cannot be only numbers, a common password, or close to your email address."


class PlainWording:
    """Our labels on allauth's forms, and no placeholders: the label above each box says it."""

    labels: dict[str, str] = {
        "login": "Email address",
        "email": "Email address",
        "password": "Password",
        "oldpassword": "Current password",
        "password1": "Password",
        "password2": "Type the password again",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.label = self.labels.get(name, field.label)
            field.widget.attrs.pop("placeholder", None)
        if "password1" in self.fields:  # always a new password
            self.fields["password1"].help_text = password_hint()


class NewPasswordWording(PlainWording):
    labels = PlainWording.labels | {
        "password1": "New password",
        "password2": "Type the new password again",
    }


class LoginForm(PlainWording, account_forms.LoginForm):
    pass


class SignupForm(PlainWording, account_forms.SignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # An address that has an account gets an email instead of a new account. Hash the
            # password all the same, so that answer takes as long as making an account and
            # the time it takes does not tell who has one.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class AddEmailForm(PlainWording, account_forms.AddEmailForm):
    pass


class ChangePasswordForm(NewPasswordWording, account_forms.ChangePasswordForm):
    pass


class SetPasswordForm(PlainWording, account_forms.SetPasswordForm):
    pass


class ResetPasswordForm(PlainWording, account_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(NewPasswordWording, account_forms.ResetPasswordKeyForm):
    pass


class ReauthenticateForm(PlainWording, account_forms.ReauthenticateForm):
    pass


class RequestLoginCodeForm(PlainWording, account_forms.RequestLoginCodeForm):
    pass


class ConfirmLoginCodeForm(PlainWording, account_forms.ConfirmLoginCodeForm):
    labels = {"code": "Sign-in code"}


class AuthenticatorCodeWording(PlainWording):
    labels = {"code": "Code from your app, or a backup code"}


class MFAAuthenticateForm(AuthenticatorCodeWording, mfa_forms.AuthenticateForm):
    pass


class MFAReauthenticateForm(AuthenticatorCodeWording, mfa_forms.ReauthenticateForm):
    pass


class MFAAdapter(DefaultMFAAdapter):
    error_messages = DefaultMFAAdapter.error_messages | {
        "add_email_blocked": (
            "While two-step sign-in is on, you cannot add another email address. "
            "Turn two-step sign-in off first."
        ),
        "incorrect_code": "That code did not work. Please check it and try again.",
        "unverified_email": (
            "Please confirm your email address before you turn on two-step sign-in."
        ),
    }

    def build_totp_svg(self, url: str) -> str:
        # Drawn inline in the page (no data: image under our CSP), where an XML declaration
        # does not belong.
        svg = super().build_totp_svg(url)
        return svg.split("?>", 1)[-1].strip() if svg.startswith("<?xml") else svg
