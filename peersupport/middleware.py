from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.shortcuts import render
from django.urls import reverse

from peersupport.accounts import EmailNotSent


def privacy_headers(get_response: Callable[[HttpRequest], HttpResponse]):
    """Deny browser features we do not use (docs/safety.md, rule 8)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def refuse_nul_in_admin_queries(get_response: Callable[[HttpRequest], HttpResponse]):
    """A NUL character is no part of any filter or name, and PostgreSQL cannot hold one in
    text: an admin query string with one (a list filter, a search, an autocomplete term) is a
    bad request. Public pages check their own parameters and say which one is wrong."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path.startswith(reverse("admin:index")) and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("A NUL character in an admin query string.")
        return get_response(request)

    return middleware


class CsrfViewMiddleware(csrf.CsrfViewMiddleware):
    """Django's CSRF protection, fitted to our `Referrer-Policy: no-referrer`
    (docs/safety.md, rule 8).

    Under that policy browsers post our own forms with `Origin: null` and no Referer, which
    Django would refuse. Such posts are judged by the CSRF token alone, which a cross-site page
    cannot supply: the token cookie is SameSite=Lax and never sent on a cross-site post. Any
    real Origin is still checked as usual.
    """

    def process_view(self, request: HttpRequest, callback, callback_args, callback_kwargs):
        if request.META.get("HTTP_ORIGIN") == "null" and "HTTP_REFERER" not in request.META:
            del request.META["HTTP_ORIGIN"]
            request._sent_without_referrer = True
        return super().process_view(request, callback, callback_args, callback_kwargs)

    def _check_referer(self, request: HttpRequest) -> None:
        if getattr(request, "_sent_without_referrer", False):
            return
        super()._check_referer(request)


class AccountEmails:
    """Account actions that send an email (sign-up, a password reset, a sign-in code, a new
    address) happen all or nothing: each post runs in a transaction, and when the mail server
    cannot take the message the transaction is undone, so no half-made account is left, and the
    person is told to try again (docs/safety.md, rule 10)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path.startswith("/accounts/"):
            with transaction.atomic():
                return self.get_response(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, EmailNotSent):
            return None
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)
        if not request.user.is_authenticated:
            # Whatever the flow put in the session (a half-begun sign-up or sign-in) goes too.
            request.session.flush()
        return render(request, "account/email_not_sent.html", status=503)
