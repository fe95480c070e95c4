from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from groups.models import Category, SupportGroup


@never_cache
def group_list(request: HttpRequest) -> HttpResponse:
    groups = SupportGroup.objects.published().for_listing()
    category = None
    if slug := request.GET.get("category"):
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            return render(
                request,
                "groups/group_list.html",
                {"error": "We don't have that topic. Choose one from the list."},
                status=400,
            )
        groups = groups.filter(categories=category)
    if category is None or not category.is_separated:
        groups = groups.without_separated()
    page = Paginator(groups, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "groups/group_list.html",
        {"page": page, "category": category, "categories": Category.objects.all()},
    )


@never_cache
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(SupportGroup.objects.published().for_listing(), slug=slug)
    return render(request, "groups/group_detail.html", {"group": group})
