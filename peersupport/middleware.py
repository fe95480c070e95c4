from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def privacy_headers(get_response: Callable[[HttpRequest], HttpResponse]):
    """Deny browser features we do not use (safety rule 8)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
