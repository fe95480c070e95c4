import sys

from django.conf import settings
from django.contrib.auth import logout
from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from groups.models import Category
from peersupport.context_processors import crisis_lines_even_now
from resources.models import Collection, Topic


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "categories": Category.objects.filter(is_separated=False),
        "topics": Topic.objects.all(),
        "collections": Collection.objects.published()[:6],
    }
    return render(request, "home.html", context)


def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "safety.html")


@never_cache
def exit_site(request: HttpRequest) -> HttpResponse:
    """Sign out, ask the browser to forget this site, and leave for the neutral page."""
    logout(request)
    response = HttpResponseRedirect(settings.EXIT_URL, status=303)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unreachable\n", status=503, content_type="text/plain")
    # Pages are served without the cache (peersupport/cache.py), so this one is still up.
    reachable = getattr(cache, "reachable", None)
    if reachable is not None and not reachable():
        return HttpResponse("ok, cache degraded\n", content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page. Django's own runs the CSRF check again, which reads the unreadable body
    that brought us here a second time and turns the 400 into a 500."""
    return render(request, "400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or 503 when the database cannot be reached: either way with the exit link
    and the crisis lines, from memory if need be. Rendered without the request, whose session
    and user live in the database that may be what failed."""
    unavailable = isinstance(sys.exc_info()[1], (OperationalError, InterfaceError))
    context = {
        "crisis_lines": crisis_lines_even_now(settings.SAFETY_COUNTRY),
        "exit_url": settings.EXIT_URL,
        "unavailable": unavailable,
    }
    response = HttpResponse(loader.get_template("500.html").render(context))
    if unavailable:
        response.status_code = 503
        response["Retry-After"] = "30"
    else:
        response.status_code = 500
    return response
