import pytest

from groups.models import Category
from tests import factories

NEUTRAL_PAGE = "<!doctype html><title>Weather</title><p>Today: sunny."


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # One worker runs every browser test, so Chromium starts once. First, so that
    # pytest-xdist sees the group when it hands out the tests.
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture
def neutral_site(page, settings):
    """Answer the exit page's neutral site locally: tests never touch the network."""
    served = []

    def fulfil(route):
        served.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)

    page.route(settings.EXIT_URL + "**", fulfil)
    return served


@pytest.fixture
def listing(db):
    """A published group with a confidential place and a published resource in a collection."""
    dv = Category.objects.get(slug="domestic-violence")
    group = factories.make_group(
        name="Lantern Circle",
        slug="lantern-circle",
        categories=[dv],
        content_note="Members sometimes talk about abuse.",
    )
    factories.make_meeting(group, place=factories.make_place())
    topic = factories.make_topic(name="Safety planning", slug="safety-planning-test")
    resource = factories.make_resource(
        title="Planning for safety", slug="planning-for-safety", topics=[topic]
    )
    factories.make_collection(title="Start here", slug="start-here", resources=[resource])
    return {"group": group, "resource": resource}
