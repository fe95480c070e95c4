"""Our adjustments to django-allauth."""

import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.auth.hashers import make_password

# allauth's rate limits that count the emails sent to one address.
KEYED_BY_ADDRESS = ["confirm_email", "request_login_code", "reset_password"]


class EmailNotSent(Exception):
    """The mail server could not take a message (peersupport.middleware.account_emails)."""


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError) as error:
            # Nothing was sent, so a retry must not be refused as a resend too soon.
            for action in KEYED_BY_ADDRESS:
                ratelimit.clear(allauth_context.request, action=action, key=email.lower())
            raise EmailNotSent(template_prefix) from error


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # An address that has an account gets an email instead of a new account. Hash the
            # password all the same, so that answer takes as long as making an account and
            # the time it takes does not tell who has one.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        # Drawn inline in the page (no data: image under our CSP), where an XML declaration
        # does not belong.
        svg = super().build_totp_svg(url)
        return svg.split("?>", 1)[-1].strip() if svg.startswith("<?xml") else svg
