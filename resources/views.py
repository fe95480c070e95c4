from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from resources.models import Collection, CollectionItem, CollectionSection, Resource
from resources.related import related_resources
from resources.search import search_library
from search.choices import EditorialStatus
from search.facets import InvalidSearch


@never_cache
def resource_list(request: HttpRequest) -> HttpResponse:
    try:
        results = search_library(request.GET)
    except InvalidSearch as error:
        context = {"errors": error.messages}
        return render(request, "resources/resource_list.html", context, status=400)
    context = {"search": results.search, "results": results}
    return render(request, "resources/resource_list.html", context)


@never_cache
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource.objects.published().for_page(), slug=slug)
    collections = (
        Collection.objects.published().filter(sections__items__resource=resource).distinct()
    )
    context = {
        "resource": resource,
        "related": related_resources(resource),
        "collections": collections,
    }
    return render(request, "resources/resource_detail.html", context)


def collection_list(request: HttpRequest) -> HttpResponse:
    collections = Collection.objects.published()
    return render(request, "resources/collection_list.html", {"collections": collections})


def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    items = CollectionItem.objects.filter(
        resource__status=EditorialStatus.PUBLISHED
    ).select_related("resource")
    sections = CollectionSection.objects.prefetch_related(Prefetch("items", items))
    collection = get_object_or_404(
        Collection.objects.published().prefetch_related(Prefetch("sections", sections)),
        slug=slug,
    )
    return render(request, "resources/collection_detail.html", {"collection": collection})
