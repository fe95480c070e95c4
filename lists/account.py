"""The lists' part of what `/accounts/data/` gives a person: every list, item and note."""

from django.db.models import Count, Q
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


def account_summary(user) -> str:
    """What a curator may know of a person's lists: how many, never their names, items or notes
    (the lists page promises "Only you can see your lists unless you share one")."""
    counts = SavedList.objects.filter(owner=user).aggregate(
        lists=Count("pk", distinct=True),
        items=Count("items", distinct=True),
        shared=Count("pk", filter=Q(share_token__isnull=False), distinct=True),
    )
    return (
        f"{counts['lists']} {pluralize_word(counts['lists'], 'list')} with "
        f"{counts['items']} {pluralize_word(counts['items'], 'item')}, "
        f"{counts['shared']} shared by link"
    )


def pluralize_word(count: int, word: str) -> str:
    return word if count == 1 else word + "s"
