from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lists.models import SavedList


def saved_lists(request: HttpRequest) -> dict:
    """The signed-in person's lists, for "Save to a list" controls; read only if a page asks."""
    if not (hasattr(request, "user") and request.user.is_authenticated):
        return {"save_lists": ()}
    return {
        "save_lists": SimpleLazyObject(
            lambda: list(SavedList.objects.filter(owner=request.user).order_by("name"))
        )
    }
