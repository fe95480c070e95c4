"""Security headers and what the rendered HTML may contain (docs/safety.md, rules 3 and 8)."""

import gzip
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.fuzz.routes import all_routes, fill
from tests.fuzz.world import clients, real_values


class PageParser(HTMLParser):
    """Collects every tag with its attributes, and the text inside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_bodies: list[str] = []
        self.style_blocks: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._inside = tag
            (self.script_bodies if tag == "script" else self.style_blocks).append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inside:
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "script":
            self.script_bodies[-1] += data
        elif self._inside == "style":
            self.style_blocks[-1] += data

    def with_tag(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.fixture
def pages(make_group, make_place, make_meeting, make_resource, make_topic, make_collection):
    """Every public HTML page, with enough content that each template renders its parts."""
    topic = make_topic(content_note="Describes self-injury.")
    group = make_group(content_note="Talks about abuse.", contact_website="https://example.org/")
    make_meeting(group, place=make_place())
    resource = make_resource(topics=[topic])
    collection = make_collection(resources=[resource])
    return {
        "home": reverse("home"),
        "safety": reverse("safety"),
        "group list": reverse("groups:list"),
        "group detail": group.get_absolute_url(),
        "resource list": reverse("resources:list"),
        "resource detail": resource.get_absolute_url(),
        "collection list": reverse("resources:collections"),
        "collection detail": collection.get_absolute_url(),
    }


PAGE_NAMES = [
    "home",
    "safety",
    "group list",
    "group detail",
    "resource list",
    "resource detail",
    "collection list",
    "collection detail",
]


@pytest.mark.django_db
def test_the_content_security_policy_allows_only_our_own_origin(client):
    directives = csp_directives(client.get(reverse("home")))
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]


@pytest.mark.django_db
def test_scripts_need_a_nonce_and_inline_code_is_never_allowed(client):
    directives = csp_directives(client.get(reverse("home")))
    assert any(source.startswith("'nonce-") for source in directives["script-src"])
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]


@pytest.mark.django_db
def test_each_response_gets_its_own_nonce(client):
    first = csp_directives(client.get(reverse("home")))["script-src"]
    second = csp_directives(client.get(reverse("home")))["script-src"]
    assert first != second


@pytest.mark.django_db
def test_privacy_headers_deny_referrers_sniffing_and_framing(client):
    response = client.get(reverse("home"))
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_permissions_policy_denies_unused_features_and_keeps_geolocation_to_ourselves(client):
    policy = client.get(reverse("home"))["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in policy.split(","))
    assert features["camera"] == "()"
    assert features["microphone"] == "()"
    assert features["payment"] == "()"
    assert features["geolocation"] == "(self)"
    assert [name for name, allowed in features.items() if allowed != "()"] == ["geolocation"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["group list", "group detail", "resource list", "resource detail"])
def test_search_results_and_listings_are_never_stored_by_the_browser(client, pages, name):
    response = client.get(pages[name])
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_script_tag_carries_the_nonce_from_the_header(client, pages, name):
    response = client.get(pages[name])
    nonce = next(
        source.removeprefix("'nonce-").removesuffix("'")
        for source in csp_directives(response)["script-src"]
        if source.startswith("'nonce-")
    )
    scripts = parse(response.content.decode()).with_tag("script")
    assert scripts
    assert all(script.get("nonce") == nonce for script in scripts)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_pages_have_no_inline_scripts_or_styles(client, pages, name):
    page = parse(client.get(pages[name]).content.decode())
    assert [tag for tag, attrs in page.tags if "style" in attrs] == []
    assert [body for body in page.script_bodies if body.strip()] == []
    assert page.style_blocks == []
    assert [tag for tag, attrs in page.tags if any(a.startswith("on") for a in attrs)] == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_pages_load_nothing_from_other_origins(client, pages, name):
    page = parse(client.get(pages[name]).content.decode())
    addresses = [
        attrs.get(attribute) or ""
        for tag, attribute in [("link", "href"), ("script", "src"), ("img", "src")]
        for attrs in page.with_tag(tag)
    ]
    assert addresses
    assert [a for a in addresses if a.startswith(("http:", "https:", "//"))] == []


@pytest.mark.django_db
def test_pages_are_sent_compressed_to_browsers_that_accept_it(client, make_group):
    make_group()
    response = client.get(reverse("groups:list"), headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"Find a peer support group" in gzip.decompress(response.content)
    plain = client.get(reverse("groups:list"))
    assert "Content-Encoding" not in plain
    assert len(response.content) * 3 < len(plain.content)


@pytest.mark.django_db
def test_the_csrf_cookie_ends_with_the_browser_session(client, make_group):
    client.get(reverse("curation:group_report", args=[make_group().slug]))
    cookie = client.cookies["csrftoken"]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")


# Headers every answer carries, whatever the page and status (docs/safety.md, rule 8).
EVERY_ANSWER = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.django_db
@pytest.mark.parametrize("route", all_routes(), ids=str)
def test_every_url_pattern_answers_with_the_security_headers(route, world):
    for who, client in clients(route, world).items():
        response = client.get(fill(route, real_values(route, world)))
        headers = {name: response.get(name) for name in EVERY_ANSWER}
        assert headers == EVERY_ANSWER, f"{route} for {who}"
        assert "Permissions-Policy" in response, f"{route} for {who}"
        if response.get("Content-Type", "").startswith("text/html"):
            policy = response["Content-Security-Policy"]
            assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
