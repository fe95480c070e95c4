"""Who may see which saved list: only its owner, and anyone with a live share link."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404

from lists.models import SavedItem, SavedList

# What lists.services.share_list makes: URL-safe base64 text.
SHARE_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def get_own_list(user, pk: int) -> SavedList:
    """The user's own list; any other list, or none, is simply not found."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(SavedList, pk=pk, owner=user)


def get_own_item(saved_list: SavedList, pk: int) -> SavedItem:
    return get_object_or_404(SavedItem, pk=pk, saved_list=saved_list)


def get_shared_list(token: str) -> SavedList:
    """A list by its share link; revoked or made-up links are not found."""
    if not SHARE_TOKEN.fullmatch(token):
        raise Http404
    return get_object_or_404(SavedList, share_token=token)
