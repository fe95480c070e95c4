from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from groups import calendar, keywords, schedule
from groups.filters import ONLINE_FORMATS
from groups.geo import RADIUS_CHOICES
from groups.models import SupportGroup
from groups.search import search_groups
from search.facets import InvalidSearch


@never_cache
def group_list(request: HttpRequest) -> HttpResponse:
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


@never_cache
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(SupportGroup.objects.published().for_page(), slug=slug)
    starts = schedule.upcoming_across(group.meetings.all(), timezone.now(), count=4)
    upcoming = [schedule.Occurrence(start) for start, _ in starts]
    return render(request, "groups/group_detail.html", {"group": group, "upcoming": upcoming})


@never_cache
def group_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(SupportGroup.objects.published().for_listing(), slug=slug)
    body = calendar.group_calendar(
        group, page_url=request.build_absolute_uri(group.get_absolute_url())
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{group.slug}.ics"'
    return response
