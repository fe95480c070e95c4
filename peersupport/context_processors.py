from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse

from peersupport.models import CrisisLine, crisis_lines_cache_key

# The lines each country's pages last showed, kept by this process for error pages.
LAST_SHOWN: dict[str, list[CrisisLine]] = {}


def crisis_lines(country: str) -> list[CrisisLine]:
    """The safety strip's lines for a country, cached because every page shows them."""
    key = crisis_lines_cache_key(country)
    lines = cache.get(key)
    if lines is None:
        lines = list(CrisisLine.objects.for_country(country))
        cache.set(key, lines, 300)
    LAST_SHOWN[country] = lines
    return lines


def crisis_lines_even_now(country: str) -> list[CrisisLine]:
    """The lines for an error page: from the cache or the database, or, when neither answers,
    the ones this process last showed (docs/safety.md, rule 2)."""
    try:
        return crisis_lines(country)
    except Exception:  # whatever failed, the error page still shows what it can
        return LAST_SHOWN.get(country, [])


def safety(request: HttpRequest) -> dict:
    # Signed-in people leave through /exit/, which also ends their session.
    signed_in = hasattr(request, "user") and request.user.is_authenticated
    return {
        "crisis_lines": crisis_lines(settings.SAFETY_COUNTRY),
        "exit_href": reverse("exit") if signed_in else settings.EXIT_URL,
    }
