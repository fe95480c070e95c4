import pytest
from django.urls import reverse

from peersupport.models import CrisisLine

PUBLIC_PAGES = ["home", "safety", "groups:list", "resources:list", "resources:collections"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_page_starts_with_skip_links_and_the_exit_link(client, settings, name):
    html = client.get(reverse(name)).content.decode()
    body = html[html.index("<body") :]
    skip_main = body.index("Skip to main content")
    second_skip = body.index("Exit this page", skip_main)
    sticky_exit = body.index('class="exit-button"')
    assert skip_main < second_skip < sticky_exit < body.index('class="safety-strip"')
    assert f'href="{settings.EXIT_URL}"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_anonymous_browsing_sets_no_cookies(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.django_db
def test_the_safety_strip_shows_crisis_lines_from_the_data(client):
    html = client.get(reverse("home")).content.decode()
    assert 'href="tel:911"' in html
    assert 'href="tel:988"' in html
    assert 'href="sms:988"' in html
    assert 'href="tel:18007997233"' in html
    assert 'href="sms:88788?&amp;body=START"' in html


@pytest.mark.django_db
def test_changing_a_crisis_line_changes_the_strip(client):
    line = CrisisLine.objects.get(country="US", phone="988")
    line.phone = "1-800-273-8255"
    line.save()
    html = client.get(reverse("home")).content.decode()
    assert 'href="tel:18002738255"' in html
    assert 'href="tel:988"' not in html


@pytest.mark.django_db
def test_the_strip_follows_the_configured_country(client, settings):
    settings.SAFETY_COUNTRY = "CA"
    CrisisLine.objects.create(
        country="CA",
        name="Talk Suicide Canada",
        short_name="9-8-8",
        kind="crisis",
        phone="9-8-8",
        last_checked="2026-11-01",
    )
    html = client.get(reverse("home")).content.decode()
    assert "Talk Suicide Canada" not in html  # the strip shows the short name
    assert "9-8-8" in html
    assert "tel:911" not in html
