"""The stylesheet and the templates agree: nothing they name is left undefined."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


def test_every_custom_property_the_stylesheet_uses_is_defined():
    css = STYLESHEET.read_text()
    defined = set(re.findall(r"(--[a-z-]+)\s*:", css))
    used = set(re.findall(r"var\((--[a-z-]+)", css))
    assert used - defined == set()


@pytest.mark.django_db
def test_a_field_error_is_shown_the_one_way_and_named_by_its_field(client, alice):
    client.force_login(alice)
    response = client.post(reverse("lists:index"), {"name": ""})
    html = response.content.decode()
    assert response.status_code == 422
    assert '<div class="notice notice-error" role="alert">Please check the answers' in html
    assert '<ul class="errorlist" id="id_name_error"><li>This field is required.</li></ul>' in html
    assert re.search(r'<input[^>]*aria-describedby="id_name_error"', html)
    # The style sheet styles the error list this page uses.
    assert re.search(r"^\.errorlist \{", STYLESHEET.read_text(), re.M)
