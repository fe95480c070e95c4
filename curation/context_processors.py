from functools import cached_property

from django.http import HttpRequest

from curation.access import is_organiser


class Roles:
    """What the signed-in person may do beyond their own lists; asked only if a page asks."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def organiser(self) -> bool:
        return is_organiser(self.user)


def roles(request: HttpRequest) -> dict:
    if not (hasattr(request, "user") and request.user.is_authenticated):
        return {}
    return {"roles": Roles(request.user)}
