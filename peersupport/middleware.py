import re
from collections.abc import Callable

import pghistory.middleware
from django.apps import apps
from django.conf import settings
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
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


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_other_charsets(get_response: Callable[[HttpRequest], HttpResponse]):
    """Our forms are sent in UTF-8. A form body that says it is in another charset (or in one
    that does not exist) is a bad request, before anything tries to read it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.content_type in FORM_TYPES:
            charset = request.content_params.get("charset", "utf-8").strip().lower()
            if charset not in ("utf-8", "utf8"):
                raise BadRequest("A form body in a charset other than UTF-8.")
        return get_response(request)

    return middleware


def refuse_unusable_admin_queries(get_response: Callable[[HttpRequest], HttpResponse]):
    """Admin query strings the admin would fail on are bad requests: a NUL character anywhere
    (a list filter, the search, an autocomplete term), an empty `_to_field`, and, on an "add"
    page, a first value for a related field that is no id at all (the admin looks such values
    up to draw the form)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path.startswith(reverse("admin:index")):
            if any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            ):
                raise BadRequest("A NUL character in an admin query string.")
            if "" in (request.GET.get("_to_field"), request.POST.get("_to_field")):
                # The admin reads an empty _to_field as the name of a field, and fails.
                raise BadRequest("An empty _to_field.")
            model = admin_add_page_model(request.path)
            if model is not None:
                check_initial_relations(model, request.GET)
        return get_response(request)

    return middleware


ADD_PAGE = re.compile(r"/(\w+)/(\w+)/add/$")


def admin_add_page_model(path: str):
    match = ADD_PAGE.search(path)
    if match is None:
        return None
    try:
        return apps.get_model(match.group(1), match.group(2))
    except LookupError:
        return None


def check_initial_relations(model, query) -> None:
    for name, value in query.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.is_relation or field.related_model is None:
            continue
        target = field.target_field if field.many_to_one else field.related_model._meta.pk
        parts = value.split(",") if field.many_to_many else [value]  # as the admin reads them
        for part in parts:
            try:
                target.to_python(part)
            except ValidationError:
                raise BadRequest(f"Not an id for {name}.") from None


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
        if request.method != "POST" or not request.path.startswith("/accounts/"):
            return self.get_response(request)
        try:
            with transaction.atomic():
                response = self.get_response(request)
                if getattr(request, "_email_not_sent", False):
                    raise UndoAccountChange
        except UndoAccountChange:
            # Out of the undone transaction: the page below reads the session and the cache.
            if not request.user.is_authenticated:
                # Whatever the flow put in the session (a half-begun sign-up) goes too.
                request.session.flush()
            return render(request, "account/email_not_sent.html", status=503)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, EmailNotSent):
            return None
        request._email_not_sent = True
        return HttpResponse(status=503)  # replaced in __call__, once the transaction is undone


class UndoAccountChange(Exception):
    pass


class HistoryContext(pghistory.middleware.HistoryMiddleware):
    """Who made a change and on which page, for the history (django-pghistory). A check
    link's path carries its signed token: the history keeps the page, not the token."""

    def get_context(self, request: HttpRequest) -> dict:
        context = super().get_context(request)
        context["url"] = SIGNED_LINK.sub(r"\1…/", context["url"])
        return context


SIGNED_LINK = re.compile(r"^(/check/)[^/]+/")
