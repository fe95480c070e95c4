from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from groups.geo import RADIUS_CHOICES
from groups.models import SupportGroup
from groups.search import InvalidSearch, search_groups


@never_cache
def group_list(request: HttpRequest) -> HttpResponse:
    try:
        search = search_groups(request.GET)
    except InvalidSearch as error:
        context = {"errors": error.messages}
        return render(request, "groups/group_list.html", context, status=400)
    context = {"search": search, "radius_choices": RADIUS_CHOICES}
    return render(request, "groups/group_list.html", context)


@never_cache
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(SupportGroup.objects.published().for_listing(), slug=slug)
    return render(request, "groups/group_detail.html", {"group": group})
