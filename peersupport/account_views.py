"""What an advocate can do with their own account beyond allauth: take their data, leave."""

import json

from allauth.account.decorators import reauthentication_required
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from resources.models import SavedList


@never_cache
@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    """Everything we hold about the signed-in person, as one JSON file."""
    user = request.user
    lists = SavedList.objects.filter(owner=user).prefetch_related("items__resource", "items__group")
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
        "lists": [
            {
                "name": saved.name,
                "description": saved.description,
                "created": saved.created_at,
                "shared_by_link": bool(saved.share_token),
                "items": [
                    {
                        "type": "resource" if item.resource else "group",
                        "title": str(item),
                        "address": request.build_absolute_uri(
                            (item.resource or item.group).get_absolute_url()
                        ),
                        "note": item.note,
                        "added": item.created_at,
                    }
                    for item in saved.items.all()
                ],
            }
            for saved in lists
        ],
    }
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
