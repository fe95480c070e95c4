"""The link checker, against a small local web server: never the internet."""

import datetime
import io
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

import resources.links
from resources.links import check_links, is_public_address, save_link_results
from resources.models import LinkStatus, Resource
from search.choices import EditorialStatus

pytestmark = pytest.mark.django_db

TIMEOUT = 0.5

# path -> (status, Location) for the plain answers; HEAD and GET get the same.
ROUTES: dict[str, tuple[int, str | None]] = {
    "/ok": (200, None),
    "/moved": (301, "/ok"),
    "/chain/1": (302, "/chain/2"),
    "/chain/2": (302, "/chain/3"),
    "/chain/3": (302, "/new-home"),
    "/new-home": (200, None),
    "/moved-to-missing": (301, "/missing"),
    "/missing": (404, None),
    "/error": (500, None),
    "/loop": (302, "/loop"),
    "/busy": (429, None),
}


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), LinkHandler)
        self.lock = threading.Lock()
        self.active = 0
        self.most_active = 0
        self.requests: list[tuple[str, str, str]] = []
        self.stopping = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def paths(self) -> set[str]:
        return {path for _, path, _ in self.requests}


class LinkHandler(BaseHTTPRequestHandler):
    server: LinkServer

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def answer(self) -> None:
        server = self.server
        with server.lock:
            server.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
            server.active += 1
            server.most_active = max(server.most_active, server.active)
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker gave up on a slow answer; that is the point of the slow path
        finally:
            with server.lock:
                server.active -= 1

    def route(self) -> None:
        path = self.path
        if path == "/slow":
            # Waits on the stop event, not sleep, so tearing the server down is instant.
            self.server.stopping.wait(2)
            self.reply(200)
        elif path.startswith("/held/"):
            # Long enough that concurrent checks of the same host overlap in the server.
            self.server.stopping.wait(0.2)
            self.reply(200)
        elif path == "/no-head":
            self.reply(405 if self.command == "HEAD" else 200)
        elif path == "/same-place":
            # A cookie check that comes back to the very same URL is not a real redirect.
            if "seen=1" in self.headers.get("Cookie", ""):
                self.reply(200)
            else:
                self.reply(302, location="/same-place", cookie="seen=1")
        elif path in ROUTES:
            status, location = ROUTES[path]
            self.reply(status, location=location)
        else:
            self.reply(404)

    def reply(self, status: int, *, location: str | None = None, cookie: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        if cookie:
            self.send_header("Set-Cookie", f"{cookie}; Path=/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[LinkServer]:
    server = LinkServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.stopping.set()
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def closed_port_url() -> str:
    """A URL on a port nothing listens on, so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    # A developer's proxy settings must not route the local test server through a proxy.
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "*")


@pytest.fixture(autouse=True)
def _local_server_allowed(settings):
    # The test server listens on this machine, which the checker otherwise never visits.
    settings.LINK_CHECK_PRIVATE_NETWORKS = True


def run_checks(**options) -> list:
    return check_links(timeout=TIMEOUT, **({"concurrency": 10, "per_host": 2} | options))


def checked(resource: Resource) -> Resource:
    resource.refresh_from_db()
    return resource


# What each kind of answer is recorded as ----------------------------------------------------


def test_a_page_that_answers_200_is_ok(server, make_resource):
    resource = make_resource(url=server.url("/ok"))
    run_checks()
    resource = checked(resource)
    assert resource.link_status == LinkStatus.OK
    assert resource.link_http_status == 200
    assert resource.link_final_url == ""
    assert resource.link_checked_at is not None


def test_a_permanent_redirect_to_a_working_page_is_recorded_with_its_final_url(
    server, make_resource
):
    resource = checked_after_run(server, make_resource, "/moved")
    assert resource.link_status == LinkStatus.REDIRECTED
    assert resource.link_http_status == 200
    assert resource.link_final_url == server.url("/ok")


def test_a_chain_of_redirects_is_followed_to_the_end(server, make_resource):
    resource = checked_after_run(server, make_resource, "/chain/1")
    assert resource.link_status == LinkStatus.REDIRECTED
    assert resource.link_final_url == server.url("/new-home")
    assert {"/chain/1", "/chain/2", "/chain/3", "/new-home"} <= server.paths()


def test_a_redirect_keeps_the_fragment_like_a_browser(server, make_resource):
    resource = checked_after_run(server, make_resource, "/moved#safety-plan")
    assert resource.link_final_url == server.url("/ok#safety-plan")


def test_a_redirect_back_to_the_same_url_is_ok(server, make_resource):
    resource = checked_after_run(server, make_resource, "/same-place")
    assert resource.link_status == LinkStatus.OK
    assert resource.link_final_url == ""


def test_a_404_is_broken_with_its_status(server, make_resource):
    resource = checked_after_run(server, make_resource, "/missing")
    assert resource.link_status == LinkStatus.BROKEN
    assert resource.link_http_status == 404
    assert resource.link_final_url == ""


def test_a_redirect_to_a_missing_page_is_broken_and_says_where_it_went(server, make_resource):
    resource = checked_after_run(server, make_resource, "/moved-to-missing")
    assert resource.link_status == LinkStatus.BROKEN
    assert resource.link_http_status == 404
    assert resource.link_final_url == server.url("/missing")


def test_a_server_error_is_broken_with_its_status(server, make_resource):
    resource = checked_after_run(server, make_resource, "/error")
    assert resource.link_status == LinkStatus.BROKEN
    assert resource.link_http_status == 500


def test_a_server_that_refuses_head_is_asked_again_with_get(server, make_resource):
    resource = checked_after_run(server, make_resource, "/no-head")
    assert resource.link_status == LinkStatus.OK
    assert resource.link_http_status == 200
    methods = [method for method, path, _ in server.requests if path == "/no-head"]
    assert methods == ["HEAD", "GET"]


def test_a_working_page_is_checked_with_head_only(server, make_resource):
    checked_after_run(server, make_resource, "/ok")
    assert [method for method, _, _ in server.requests] == ["HEAD"]


def test_being_turned_away_for_too_many_requests_is_not_called_broken(server, make_resource):
    resource = checked_after_run(server, make_resource, "/busy")
    assert resource.link_status == LinkStatus.UNREACHABLE
    assert resource.link_http_status == 429


def test_a_page_slower_than_the_timeout_is_unreachable(server, make_resource):
    resource = checked_after_run(server, make_resource, "/slow")
    assert resource.link_status == LinkStatus.UNREACHABLE
    assert resource.link_http_status is None
    assert resource.link_checked_at is not None


def test_endless_redirects_are_unreachable(server, make_resource):
    resource = checked_after_run(server, make_resource, "/loop")
    assert resource.link_status == LinkStatus.UNREACHABLE
    assert resource.link_http_status is None
    assert resource.link_final_url == ""


def test_a_refused_connection_is_unreachable(closed_port_url, make_resource):
    resource = make_resource(url=closed_port_url)
    run_checks()
    resource = checked(resource)
    assert resource.link_status == LinkStatus.UNREACHABLE
    assert resource.link_http_status is None


def test_a_malformed_url_is_unreachable_not_an_error(make_resource):
    resource = make_resource(url="http://[::1/broken")
    run_checks()
    assert checked(resource).link_status == LinkStatus.UNREACHABLE


def test_the_checker_says_who_it_is(server, make_resource):
    checked_after_run(server, make_resource, "/ok")
    [(_, _, user_agent)] = server.requests
    assert user_agent.startswith("PeerSupportDirectory-LinkChecker/")


def checked_after_run(server: LinkServer, make_resource, path: str) -> Resource:
    resource = make_resource(url=server.url(path))
    run_checks()
    return checked(resource)


# The run as a whole --------------------------------------------------------------------------


def test_one_run_records_every_kind_of_answer_and_bad_sites_do_not_stop_it(
    server, closed_port_url, make_resource
):
    expected = {
        "/ok": LinkStatus.OK,
        "/moved": LinkStatus.REDIRECTED,
        "/chain/1": LinkStatus.REDIRECTED,
        "/missing": LinkStatus.BROKEN,
        "/error": LinkStatus.BROKEN,
        "/no-head": LinkStatus.OK,
        "/slow": LinkStatus.UNREACHABLE,
        "/loop": LinkStatus.UNREACHABLE,
    }
    resources = {path: make_resource(url=server.url(path)) for path in expected}
    refused = make_resource(url=closed_port_url)

    results = run_checks()

    assert len(results) == len(expected) + 1
    for path, status in expected.items():
        assert checked(resources[path]).link_status == status, path
    assert checked(refused).link_status == LinkStatus.UNREACHABLE
    assert not Resource.objects.filter(link_checked_at__isnull=True).exists()


@pytest.mark.parametrize(
    "status", [EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW, EditorialStatus.ARCHIVED]
)
def test_unpublished_resources_are_not_checked(server, make_resource, status):
    hidden = make_resource(url=server.url("/missing"), status=status)
    results = run_checks()
    assert results == []
    assert server.requests == []
    hidden = checked(hidden)
    assert hidden.link_status == LinkStatus.UNCHECKED
    assert hidden.link_checked_at is None


def test_no_more_than_the_per_host_limit_are_checked_at_once(server, make_resource):
    for n in range(4):
        make_resource(url=server.url(f"/held/{n}"))
    run_checks(concurrency=10, per_host=2)
    assert len(server.requests) == 4
    assert server.most_active == 2


def test_checking_leaves_the_editorial_timestamp_alone(server, make_resource):
    resource = make_resource(url=server.url("/ok"))
    before = resource.updated_at
    run_checks()
    assert checked(resource).updated_at == before


def test_a_result_is_not_saved_over_a_url_a_curator_changed_meanwhile(server, make_resource):
    resource = make_resource(url=server.url("/missing"))
    [result] = run_checks()
    Resource.objects.filter(pk=resource.pk).update(
        url=server.url("/ok"), link_status=LinkStatus.UNCHECKED
    )
    assert save_link_results(results=[result]) == 0
    assert checked(resource).link_status == LinkStatus.UNCHECKED


# The management command ----------------------------------------------------------------------


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("check_links", "--timeout", str(TIMEOUT), *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_a_summary_and_succeeds_with_broken_links(
    server, closed_port_url, make_resource
):
    for path in ["/ok", "/moved", "/missing", "/error"]:
        make_resource(url=server.url(path))
    make_resource(url=closed_port_url)
    output = run_command()
    assert "Checked 5 links in" in output
    assert "ok 1, redirected 1, broken 2, unreachable 1." in output


def test_the_command_lists_problem_links_when_asked_for_detail(server, make_resource):
    make_resource(url=server.url("/ok"))
    make_resource(url=server.url("/missing"))
    output = run_command("--verbosity", "2")
    assert f"broken: {server.url('/missing')} (404)" in output
    assert server.url("/ok") not in output


def test_the_command_can_check_only_chosen_resources(server, make_resource):
    chosen = make_resource(url=server.url("/ok"))
    other = make_resource(url=server.url("/missing"))
    output = run_command("--slug", chosen.slug)
    assert "Checked 1 link in" in output
    assert checked(chosen).link_status == LinkStatus.OK
    assert checked(other).link_status == LinkStatus.UNCHECKED


def test_the_command_refuses_an_unknown_slug(make_resource):
    with pytest.raises(CommandError, match="no-such-resource"):
        run_command("--slug", "no-such-resource")


def test_the_command_can_check_only_links_not_checked_lately(server, make_resource):
    now = timezone.now()
    recent = make_resource(url=server.url("/missing"), link_checked_at=now, link_status="ok")
    stale = make_resource(
        url=server.url("/error"), link_checked_at=now - datetime.timedelta(days=40)
    )
    never = make_resource(url=server.url("/ok"))
    output = run_command("--only-stale", "30")
    assert "Checked 2 links in" in output
    assert checked(recent).link_status == LinkStatus.OK
    assert checked(stale).link_status == LinkStatus.BROKEN
    assert checked(never).link_status == LinkStatus.OK


@pytest.mark.parametrize("option", ["--timeout=0", "--concurrency=0", "--per-host=-1"])
def test_the_command_refuses_limits_that_make_no_sense(option):
    with pytest.raises(CommandError):
        call_command("check_links", option, stdout=io.StringIO())


# Private networks ---------------------------------------------------------------------------


def test_a_link_into_a_private_network_is_never_visited(server, make_resource, settings):
    settings.LINK_CHECK_PRIVATE_NETWORKS = False
    resource = make_resource(url=server.url("/ok"))
    (result,) = run_checks()
    assert checked(resource).link_status == LinkStatus.UNREACHABLE
    assert result.error.startswith("PrivateAddress")
    assert server.requests == []


def test_a_redirect_into_a_private_network_is_not_followed(
    server, make_resource, settings, monkeypatch
):
    settings.LINK_CHECK_PRIVATE_NETWORKS = False
    # The first host passes as public; the redirect's is the private one.
    answers = iter([True])
    monkeypatch.setattr(resources.links, "is_public_address", lambda text: next(answers, False))
    resource = make_resource(url=server.url("/moved"))
    run_checks()
    assert checked(resource).link_status == LinkStatus.UNREACHABLE
    assert server.paths() == {"/moved"}


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("::1", False),
        ("fd00::1", False),
        ("fe80::1%eth0", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_only_public_internet_addresses_count_as_public(address, public):
    assert is_public_address(address) is public
