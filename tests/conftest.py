import importlib
import os

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from tests import factories

# Rows that data migrations add, which the site expects to find: the crisis lines
# (docs/safety.md, rule 2) and the group categories.
REFERENCE_DATA = [
    ("peersupport.migrations.0003_us_crisis_lines", "add_us_lines"),
    ("groups.migrations.0002_categories", "add_categories"),
    ("curation.migrations.0004_curators_group", "add_curators"),
    ("curation.migrations.0006_curators_manage_organisers", "add_permissions"),
]


@receiver(post_migrate)
def restore_reference_data(sender, **kwargs) -> None:
    """Put the reference data back after a transactional test's flush empties every table.

    Django sends post_migrate after each flush, so whichever test runs next on that worker,
    transactional or not, finds the rows the migrations made.
    """
    if sender.label != "peersupport":  # sent once for each app; once is enough
        return
    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(django_apps, None)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # WhiteNoise would otherwise index every static file each time a test client starts.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _fresh_cache(_test_settings):
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def index_scans_only(db):
    """Rule out sequential scans in this test's transaction, so tiny tables still show the index."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")


@pytest.fixture
def alice(db):
    """An advocate."""
    return factories.make_user("alice@example.org", first_name="Alice")


@pytest.fixture
def bob(db):
    """Another advocate."""
    return factories.make_user("bob@example.org", first_name="Bob")


@pytest.fixture
def carol(db):
    """A curator: staff, in the Curators group, with no other powers."""
    return factories.make_curator("carol@example.org", first_name="Carol")


@pytest.fixture
def root(db):
    """The site's administrator, who may do anything in the admin."""
    return factories.make_user(
        "root@example.org", first_name="Root", is_staff=True, is_superuser=True
    )


@pytest.fixture
def make_group(db):
    return factories.make_group


@pytest.fixture
def make_place(db):
    return factories.make_place


@pytest.fixture
def make_meeting(db):
    return factories.make_meeting


@pytest.fixture
def make_hours(db):
    return factories.make_hours


@pytest.fixture
def make_closure(db):
    return factories.make_closure


@pytest.fixture
def make_resource(db):
    return factories.make_resource


@pytest.fixture
def make_topic(db):
    return factories.make_topic


@pytest.fixture
def make_category(db):
    return factories.make_category


@pytest.fixture
def make_collection(db):
    return factories.make_collection


# Browser tests -------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Per module, not per session: while Playwright's sync API is open it keeps an event loop
# running in this thread, and any later test on the same worker that calls asyncio.run (the
# link checker's) would fail.
@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " CI must run them.")
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


# The fuzzer's requests (tests/fuzz), added up from every xdist worker for the end of the run.
FUZZ_TOTALS = {"requests": 0, "tests": 0}


def pytest_runtest_logreport(report) -> None:
    if report.when == "call":
        for name, value in report.user_properties:
            if name == "fuzz_requests":
                FUZZ_TOTALS["requests"] += value
                FUZZ_TOTALS["tests"] += 1


def pytest_terminal_summary(terminalreporter) -> None:
    if FUZZ_TOTALS["tests"]:
        terminalreporter.write_line(
            f"fuzz: {FUZZ_TOTALS['requests']} hostile requests over "
            f"{FUZZ_TOTALS['tests']} tests (every URL pattern's query strings and forms), none 5xx"
            if not terminalreporter.stats.get("failed")
            else f"fuzz: {FUZZ_TOTALS['requests']} hostile requests (see the failures above)"
        )


from tests.fuzz.world import world  # noqa: E402, F401 - a fixture: something for every path parameter
