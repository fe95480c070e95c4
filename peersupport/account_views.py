"""What an advocate can do with their own account beyond allauth: take their data, leave."""

import json

from allauth.account.decorators import reauthentication_required
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    """Everything we hold about the signed-in person, as one JSON file."""
    user = request.user
    data = {
        "email": user.email,
        "name": user.get_full_name(),
        "joined": user.date_joined,
        "last_sign_in": user.last_login,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in user.emailaddress_set.all()
        ],
        "two_factor": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "sessions": list(
            UserSession.objects.filter(user=user).values(
                "created_at", "last_seen_at", "ip", "user_agent"
            )
        ),
    }
    # Each app that keeps something about people adds its own part (AppConfig.account_data).
    for config in apps.get_app_configs():
        if hasattr(config, "account_data"):
            data |= config.account_data(user, request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="peer-support-directory-data.json"'
    return response


@never_cache
@login_required
@reauthentication_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete the account for good: lists, items, notes, two-factor keys and every session."""
    if request.method != "POST":
        return render(request, "account/delete.html")
    user = request.user
    with transaction.atomic():
        for session in UserSession.objects.filter(user=user):
            session.end()
        user.delete()  # lists, items, email addresses and authenticators go with it
    logout(request)
    return render(request, "account/deleted.html")
