"""Resources related to one another: sharing topics first, then closest in wording."""

from django.contrib.postgres.search import TrigramDistance
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery

from resources.models import Resource

RELATED = 5
# Nearest titles considered among the resources sharing a topic. The trigram index walks
# titles nearest first, so this stays cheap however large the library grows.
CANDIDATES = 40


def related_resources(resource: Resource) -> list[Resource]:
    """Up to five published resources: most shared topics first, then the nearest titles."""
    topic_ids = [topic.pk for topic in resource.topics.all()]
    filed = Resource.topics.through.objects.filter(
        resource_id=OuterRef("pk"), topic_id__in=topic_ids
    )
    shared = Subquery(
        filed.order_by().values("resource_id").annotate(n=Count("*")).values("n"),
        output_field=IntegerField(),
    )
    others = (
        Resource.objects.published()
        .exclude(pk=resource.pk)
        .only("title", "slug", "kind", "year", "publisher", "language")
        .annotate(distance=TrigramDistance("title", resource.title))
        .order_by("distance", "pk")
    )
    candidates = list(others.filter(Exists(filed)).annotate(shared=shared)[:CANDIDATES])
    related = sorted(candidates, key=lambda r: (-r.shared, r.distance, r.pk))[:RELATED]
    if len(related) < RELATED:
        found = {r.pk for r in related}
        nearest = others.exclude(pk__in=found)[: RELATED - len(related)]
        related.extend(nearest)
    return related
