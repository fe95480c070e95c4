from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from groups import calendar, keywords, listing_page, schedule
from groups import talk_now as lines
from groups.filters import DEFAULT_KINDS, FINDER_PARAMS, ONLINE_FORMATS, LocateForm
from groups.geo import RADIUS_CHOICES, nearest_place
from groups.models import SupportGroup
from groups.search import search_groups
from search.facets import InvalidSearch


@csrf_exempt  # a POST here changes nothing and sets no cookie: it only redirects
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def group_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return locate(request)
    try:
        results = search_groups(request.GET)
    except InvalidSearch as error:
        context = {"errors": error.messages}
        return render(request, "groups/group_list.html", context, status=400)
    context = {
        "search": results.search,
        "results": results,
        "radius_choices": RADIUS_CHOICES,
        "online_formats": [str(value) for value in ONLINE_FORMATS],
        "keyword_examples": keywords.EXAMPLES,
    }
    return render(request, "groups/group_list.html", context)


def locate(request: HttpRequest) -> HttpResponse:
    """ "Use my location": the rounded position arrives in a form body, never in an address,
    and leaves as the nearest ZIP code, so only the ZIP enters the browser's history."""
    form = LocateForm(request.POST)
    if not form.is_valid():
        context = {"errors": [error for errors in form.errors.values() for error in errors]}
        return render(request, "groups/group_list.html", context, status=400)
    place = nearest_place(*form.cleaned_data["at"])
    if place is None:
        context = {"errors": ["We couldn't find a ZIP code near you. Type a ZIP code or town."]}
        return render(request, "groups/group_list.html", context, status=400)
    params = QueryDict(mutable=True)
    for key in request.POST:
        if key in FINDER_PARAMS and (values := [v for v in request.POST.getlist(key) if v]):
            if key == "kind" and values == DEFAULT_KINDS:
                continue  # listed anyway: the address stays as short as it can
            params.setlist(key, values)
    params["near"] = place.postal_code
    response = HttpResponseRedirect(f"{reverse('groups:list')}?{params.urlencode()}")
    response.status_code = 303  # see the results with a GET
    return response


@never_cache
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(SupportGroup.objects.published().for_page(), slug=slug)
    now, meetings = timezone.now(), group.meetings.all()
    upcoming = [
        schedule.Occurrence(start) for start, _ in schedule.upcoming_across(meetings, now, count=4)
    ]
    context = {"group": group, "upcoming": upcoming, "status": schedule.status(meetings, now)}
    return render(
        request, "groups/group_detail.html", context | listing_page.page_context(group, now)
    )


@never_cache
def group_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(SupportGroup.objects.published().for_listing(), slug=slug)
    body = calendar.group_calendar(
        group, page_url=request.build_absolute_uri(group.get_absolute_url())
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{group.slug}.ics"'
    return response


@require_http_methods(["GET", "HEAD"])
@never_cache
def talk_now(request: HttpRequest) -> HttpResponse:
    """Warmlines open now for the state asked for, and national ones (groups.talk_now)."""
    form = lines.TalkNowForm(request.GET)
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        return render(request, "groups/talk_now.html", {"errors": errors}, status=400)
    found = lines.find_lines(form.cleaned_data["near"], timezone.now())
    return render(request, "groups/talk_now.html", {"found": found})
