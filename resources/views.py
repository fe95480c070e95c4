from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from peersupport.choices import EditorialStatus
from resources.models import Collection, CollectionItem, CollectionSection, Resource, Topic


@never_cache
def resource_list(request: HttpRequest) -> HttpResponse:
    resources = Resource.objects.published().for_listing()
    topic = None
    if slug := request.GET.get("topic"):
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            return render(
                request,
                "resources/resource_list.html",
                {"error": "We don't have that topic. Choose one from the list."},
                status=400,
            )
        resources = resources.filter(topics=topic)
    page = Paginator(resources, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "resources/resource_list.html",
        {"page": page, "topic": topic, "topics": Topic.objects.all()},
    )


@never_cache
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource.objects.published().for_listing(), slug=slug)
    return render(request, "resources/resource_detail.html", {"resource": resource})


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
