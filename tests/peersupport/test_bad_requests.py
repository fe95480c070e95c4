"""Requests Django cannot read are answered 400 with our own page, never a 500."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from curation.models import GroupReport

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "iso-8859-15", "bogus", "utf-7"])
@pytest.mark.parametrize("origin", ["http://testserver", "null"])
def test_a_form_post_in_another_charset_is_a_bad_request(
    settings, make_group, debug, charset, origin
):
    settings.DEBUG = debug
    client = Client(enforce_csrf_checks=True)
    url = reverse("curation:group_report", args=[make_group().slug])
    client.get(url)
    token = client.cookies["csrftoken"].value
    response = client.generic(
        "POST",
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


def filter_parameters(model_admin) -> list[str]:
    names = [name for name in model_admin.list_filter if isinstance(name, str)]
    return [f"{name}{lookup}" for name in names for lookup in ("", "__exact", "__id__exact")]


@pytest.mark.parametrize(
    "model",
    sorted(admin.site._registry, key=lambda model: model._meta.label),
    ids=lambda model: model._meta.label,
)
def test_a_nul_in_an_admin_filter_is_a_bad_request(client, carol, model):
    client.force_login(carol)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    parameters = ["q", "o", "p", *filter_parameters(admin.site._registry[model])]
    answers = {name: client.get(f"{url}?{name}=%00").status_code for name in parameters}
    assert answers == dict.fromkeys(parameters, 400)


@pytest.mark.parametrize(
    "query",
    [
        "term=%00&app_label=lists&model_name=saveditem&field_name=group",
        "term=%00&app_label=curation&model_name=groupreport&field_name=group",
        "term=x&app_label=curation%00&model_name=groupreport&field_name=group",
    ],
)
def test_a_nul_in_an_admin_autocomplete_is_a_bad_request(client, carol, query):
    client.force_login(carol)
    assert client.get(f"{reverse('admin:autocomplete')}?{query}").status_code == 400


@pytest.mark.parametrize(
    "url", ["/groups/?near=%00", "/resources/?q=a%00b", "/groups/?category=%00"]
)
def test_a_nul_in_a_search_is_a_bad_request_the_page_explains(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Some of the search choices didn't work" in response.content.decode()


@pytest.mark.parametrize("query", ["group=x", "group=1,2", "group=-"])
def test_an_admin_add_page_given_a_related_value_that_is_no_id_is_a_bad_request(
    client, carol, query
):
    client.force_login(carol)
    response = client.get(f"{reverse('admin:curation_groupreport_add')}?{query}")
    assert response.status_code == 400


def test_an_admin_add_page_given_a_real_id_fills_it_in(client, carol, make_group):
    client.force_login(carol)
    group = make_group()
    response = client.get(f"{reverse('admin:groups_meeting_add')}?group={group.pk}")
    assert response.status_code == 200
    assert f'<option value="{group.pk}" selected>' in response.content.decode()


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_an_admin_page_given_an_empty_to_field_is_a_bad_request(client, carol, make_group, view):
    client.force_login(carol)
    report = GroupReport.objects.create(group=make_group(), problem="other")
    url = reverse(f"admin:curation_groupreport_{view}", args=[report.pk])
    assert client.get(url + "?_to_field=").status_code == 400
    assert client.get(url).status_code in (200, 403)  # reports are never deleted
