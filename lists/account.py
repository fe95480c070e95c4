"""The lists' part of what `/accounts/data/` gives a person: every list, item and note."""

from django.http import HttpRequest

from lists.models import SavedList


def account_data(user, request: HttpRequest) -> dict:
    lists = SavedList.objects.filter(owner=user).prefetch_related("items__resource", "items__group")
    return {
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
        ]
    }
