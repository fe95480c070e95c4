"""The library pages: resources, topics and curated collections."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resources.models import CollectionItem, CollectionSection
from search.choices import EditorialStatus
from tests.external_links import external_links

pytestmark = pytest.mark.django_db

UNPUBLISHED = [EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW, EditorialStatus.ARCHIVED]


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def library(client, **params) -> str:
    return page(client, reverse("resources:list"), **params)


# Resources -----------------------------------------------------------------------------------


def test_the_library_lists_only_published_resources(client, make_resource):
    make_resource(title="Safety Planning Guide")
    for status in UNPUBLISHED:
        make_resource(title=f"Hidden {status} guide", status=status)
    html = library(client)
    assert "Safety Planning Guide" in html
    assert "Hidden" not in html
    assert "1 resource</h2>" in html


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_an_unpublished_resource_page_is_not_found(client, make_resource, status):
    resource = make_resource(status=status)
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_choosing_a_topic_lists_only_its_resources(client, make_resource, make_topic):
    topic = make_topic(name="Safety planning")
    make_resource(title="Planning Workbook", topics=[topic])
    make_resource(title="Unrelated Fact Sheet")
    html = library(client, topic=topic.slug)
    assert "Planning Workbook" in html
    assert "Unrelated Fact Sheet" not in html


def test_an_unknown_topic_gets_a_friendly_message_and_a_400(client):
    response = client.get(reverse("resources:list"), {"topic": "no-such-topic"})
    assert response.status_code == 400
    assert "Topic: Select a valid choice" in response.content.decode()


def test_a_resource_page_links_out_without_a_referrer_and_says_so(client, make_resource):
    resource = make_resource(url="https://www.example.org/safety-plan")
    html = page(client, resource.get_absolute_url())
    assert '<a href="https://www.example.org/safety-plan" rel="noreferrer"' in html
    assert "leaves this site" in html
    assert 'target="_blank"' not in html


def test_on_paper_a_resource_link_prints_its_address_and_says_it_is_another_website(
    client, make_resource
):
    resource = make_resource(url="https://www.example.org/safety-plan")
    (link,) = external_links(page(client, resource.get_absolute_url()))
    assert link.words.strip() == "Open the resource"
    assert link.on_screen == "(leaves this site)"
    assert link.on_paper == "(another website: https://www.example.org/safety-plan)"


def test_a_collapsed_content_note_says_in_words_how_to_show_and_hide_the_summary(
    client, make_resource, make_topic
):
    topic = make_topic(content_note="Describes self-injury.")
    resource = make_resource(topics=[topic], summary="What recovery can look like.")
    html = page(client, resource.get_absolute_url())
    start = html.index('<details class="content-note">')
    summary = html[start : html.index("</summary>", start)]
    assert "Content note: Describes self-injury." in summary
    assert '<span class="reveal-show">Show the description</span>' in summary
    assert '<span class="reveal-hide">Hide the description</span>' in summary
    assert html.index("</summary>", start) < html.index("What recovery can look like.")


def test_a_topic_content_note_is_shown_on_the_topic_list(client, make_resource, make_topic):
    topic = make_topic(content_note="Describes self-injury.")
    make_resource(topics=[topic])
    html = library(client, topic=topic.slug)
    assert "Content note: Describes self-injury." in html


def test_a_topic_content_note_comes_before_the_resource_summary(client, make_resource, make_topic):
    topic = make_topic(content_note="Describes self-injury.")
    resource = make_resource(topics=[topic], summary="What recovery can look like.")
    html = page(client, resource.get_absolute_url())
    assert html.index("Content note: Describes self-injury.") < html.index(
        "What recovery can look like."
    )


def test_topics_without_a_content_note_show_none(client, make_resource, make_topic):
    resource = make_resource(topics=[make_topic()])
    assert "Content note" not in page(client, resource.get_absolute_url())


def test_the_library_makes_the_same_queries_for_5_or_25_resources(
    client, make_resource, make_topic, django_assert_max_num_queries
):
    topics = [make_topic(), make_topic()]
    for _ in range(5):
        make_resource(topics=topics)
    with CaptureQueriesContext(connection) as baseline:
        library(client)
    for _ in range(20):
        make_resource(topics=topics)
    cache.clear()
    with django_assert_max_num_queries(len(baseline)):
        html = library(client)
    assert "25 resources, showing 1 to 20</h2>" in html
    assert len(baseline) <= 5


# Collections ---------------------------------------------------------------------------------


def test_the_collection_list_shows_only_published_collections(client, make_collection):
    make_collection(title="Starting Out")
    for status in UNPUBLISHED:
        make_collection(title=f"Hidden {status} collection", status=status)
    html = page(client, reverse("resources:collections"))
    assert "Starting Out" in html
    assert "Hidden" not in html


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_an_unpublished_collection_page_is_not_found(client, make_collection, status):
    collection = make_collection(status=status)
    assert client.get(collection.get_absolute_url()).status_code == 404


def test_a_collection_shows_its_items_in_the_curators_order(client, make_collection, make_resource):
    titles = ["Zebra Handbook", "Apple Toolkit", "Mango Fact Sheet"]
    collection = make_collection(resources=[make_resource(title=title) for title in titles])
    html = page(client, collection.get_absolute_url())
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


def test_a_collection_shows_its_sections_in_the_curators_order(
    client, make_collection, make_resource
):
    collection = make_collection(resources=[make_resource(title="First Read")])
    last = CollectionSection.objects.create(
        collection=collection, title="Going Further", position=20
    )
    middle = CollectionSection.objects.create(
        collection=collection, title="Finding Support", position=10
    )
    CollectionItem.objects.create(section=last, resource=make_resource(title="Deep Dive"))
    CollectionItem.objects.create(
        section=middle, resource=make_resource(title="Warm Up"), note="Read this one next."
    )
    html = page(client, collection.get_absolute_url())
    article = html[html.index("</nav>", html.index('aria-label="In this collection"')) :]
    order = ["Start here", "First Read", "Finding Support", "Warm Up", "Going Further", "Deep Dive"]
    positions = [article.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Read this one next." in html


def test_a_collection_leaves_out_unpublished_resources(client, make_collection, make_resource):
    collection = make_collection(
        resources=[
            make_resource(title="Published Guide"),
            make_resource(title="Draft Guide", status=EditorialStatus.DRAFT),
            make_resource(title="Archived Guide", status=EditorialStatus.ARCHIVED),
        ]
    )
    html = page(client, collection.get_absolute_url())
    assert "Published Guide" in html
    assert "Draft Guide" not in html
    assert "Archived Guide" not in html


def add_sections(collection, count: int, make_resource) -> None:
    for n in range(count):
        section = CollectionSection.objects.create(
            collection=collection, title=f"Section {n}", position=n + 1
        )
        for position in range(3):
            CollectionItem.objects.create(
                section=section, resource=make_resource(), position=position
            )


def test_a_collection_makes_the_same_queries_for_2_or_8_sections(
    client, make_collection, make_resource, django_assert_max_num_queries
):
    collection = make_collection(resources=[make_resource()])
    add_sections(collection, 1, make_resource)
    with CaptureQueriesContext(connection) as baseline:
        page(client, collection.get_absolute_url())
    add_sections(collection, 6, make_resource)
    cache.clear()
    with django_assert_max_num_queries(len(baseline)):
        html = page(client, collection.get_absolute_url())
    assert "Section 5" in html
    assert len(baseline) <= 4


def test_the_collection_list_makes_a_fixed_number_of_queries(
    client, make_collection, django_assert_max_num_queries
):
    for _ in range(10):
        make_collection()
    with django_assert_max_num_queries(2):
        page(client, reverse("resources:collections"))
