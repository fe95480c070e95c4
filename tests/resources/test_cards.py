"""Resource result cards (resources.templatetags.resource_cards): every value escaped once,
never twice and never not at all."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_resource_card_escapes_its_title_once_with_or_without_marks(client, make_resource):
    make_resource(title="Tom & Jerry <guide>", summary="Court help & more.", language="es")
    plain = client.get(reverse("resources:list")).content.decode()
    assert "Tom &amp; Jerry &lt;guide&gt;</a></h3>" in plain
    assert '<p lang="es">Court help &amp; more.</p>' in plain
    searched = client.get(reverse("resources:list"), {"q": "jerry"}).content.decode()
    assert "Tom &amp; <mark>Jerry</mark> &lt;guide&gt;</a></h3>" in searched
    assert "&amp;amp;" not in searched
