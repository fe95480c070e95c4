"""Requests Django cannot read are answered 400 with our own page, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "iso-8859-15"])
@pytest.mark.parametrize("origin", ["http://testserver", "null"])
def test_a_form_post_in_another_charset_is_a_bad_request(
    settings, make_group, debug, charset, origin
):
    settings.DEBUG = debug
    client = Client(enforce_csrf_checks=True)
    url = reverse("curation:group_report", args=[make_group().slug])
    client.get(url)
    token = client.cookies["csrftoken"].value
    response = client.post(
        url,
        f"csrfmiddlewaretoken={token}&problem=other&details=caf%E9".encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_ORIGIN=origin,
    )
    assert response.status_code == 400
    if not debug:
        page = response.content.decode()
        assert "Something in that request didn't work" in page
        assert "Exit this page" in page


@pytest.mark.parametrize("debug", [False, True])
def test_a_form_post_too_big_to_read_is_a_bad_request(settings, make_group, debug):
    settings.DEBUG = debug
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post(
        reverse("curation:group_report", args=[make_group().slug]),
        {"problem": "other", "details": "x" * 2000},
    )
    assert response.status_code == 400
