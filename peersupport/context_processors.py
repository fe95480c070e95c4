from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from peersupport.models import CrisisLine, crisis_lines_cache_key


def crisis_lines(country: str) -> list[CrisisLine]:
    """The safety strip's lines for a country, cached because every page shows them."""
    key = crisis_lines_cache_key(country)
    lines = cache.get(key)
    if lines is None:
        lines = list(CrisisLine.objects.for_country(country))
        cache.set(key, lines, 300)
    return lines


def safety(request: HttpRequest) -> dict:
    # Signed-in people leave through /exit/, which also ends their session.
    signed_in = hasattr(request, "user") and request.user.is_authenticated
    return {
        "crisis_lines": crisis_lines(settings.SAFETY_COUNTRY),
        "exit_href": reverse("exit") if signed_in else settings.EXIT_URL,
    }
