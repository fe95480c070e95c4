"""Link health for the library: check every published resource's URL and record what we found.

The checks run concurrently on an asyncio event loop with one `httpx.AsyncClient`; the results
are written with ordinary synchronous ORM calls outside the loop, so no async ORM is involved.
"""

import asyncio
import dataclasses
import datetime
import ipaddress
import logging
import socket
from collections import defaultdict
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from resources.models import LinkStatus, Resource

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 20
DEFAULT_PER_HOST = 2
MAX_REDIRECTS = 10
# Checked and saved in batches so an interrupted run keeps what it already found and memory
# stays flat however large the library grows.
BATCH_SIZE = 500

FINAL_URL_MAX_LENGTH = Resource._meta.get_field("link_final_url").max_length

RESULT_FIELDS = ["link_status", "link_http_status", "link_final_url", "link_checked_at"]


@dataclasses.dataclass(frozen=True)
class LinkResult:
    """What one check found for one resource."""

    resource_id: int
    url: str
    status: LinkStatus
    checked_at: datetime.datetime
    http_status: int | None = None
    final_url: str = ""
    # Why a link was unreachable, for the command's verbose output; not stored.
    error: str = ""


class PrivateAddress(httpx.RequestError):
    """The link, or a redirect on its way, leads into a private network: never visited."""


async def refuse_private_addresses(request: httpx.Request) -> None:
    """Before every request, redirects included: refuse hosts that resolve to this machine or a
    private network. A listed URL could otherwise make the server report what answers inside
    (cloud metadata services, admin pages). A host that resolves differently between this check
    and the connection could still slip through; the check stops every plain attempt."""
    host = request.url.host
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return  # httpx's own attempt to connect fails and says why
    for *_, sockaddr in found:
        if not is_public_address(sockaddr[0]):
            raise PrivateAddress(f"{host} is in a private network", request=request)


def is_public_address(text: str) -> bool:
    address = ipaddress.ip_address(text.partition("%")[0])  # an IPv6 zone is not part of it
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global


def get_user_agent() -> str:
    # Honest and contactable: site owners who see us in their logs can tell who we are.
    return f"PeerSupportDirectory-LinkChecker/1.0 (+{settings.SITE_URL}/)"


def check_links(
    *,
    resources: QuerySet[Resource] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_host: int = DEFAULT_PER_HOST,
) -> list[LinkResult]:
    """Check the URL of every published resource (of `resources`, if given) and save the results."""
    queryset = Resource.objects.all() if resources is None else resources
    targets = list(queryset.published().order_by("pk").values_list("pk", "url"))
    results: list[LinkResult] = []
    for start in range(0, len(targets), BATCH_SIZE):
        batch = targets[start : start + BATCH_SIZE]
        found = asyncio.run(
            _check_batch(batch, timeout=timeout, concurrency=concurrency, per_host=per_host)
        )
        save_link_results(results=found)
        results.extend(found)
    return results


def save_link_results(*, results: Sequence[LinkResult]) -> int:
    """Store check results, skipping resources whose URL a curator changed meanwhile."""
    # A result describes the URL that was checked; writing it onto an edited URL would be a lie.
    current = dict(
        Resource.objects.filter(pk__in=[r.resource_id for r in results]).values_list("pk", "url")
    )
    changed = [
        Resource(
            pk=result.resource_id,
            link_status=result.status,
            link_http_status=result.http_status,
            link_final_url=result.final_url,
            link_checked_at=result.checked_at,
        )
        for result in results
        if current.get(result.resource_id) == result.url
    ]
    # bulk_update leaves updated_at alone on purpose: a link check is not an editorial change.
    return Resource.objects.bulk_update(changed, RESULT_FIELDS, batch_size=BATCH_SIZE)


async def _check_batch(
    targets: Iterable[tuple[int, str]], *, timeout: float, concurrency: int, per_host: int
) -> list[LinkResult]:
    overall = asyncio.Semaphore(concurrency)
    hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))

    async def check_one(client: httpx.AsyncClient, resource_id: int, url: str) -> LinkResult:
        # Take the host's slot first, so tasks queueing for a busy host do not hold overall
        # slots that checks of other hosts could use. The slot is the starting host's: a
        # redirect elsewhere is one request at that host, not worth tracking.
        async with hosts[_get_host(url)], overall:
            status, http_status, final_url, error = await check_url(client=client, url=url)
        return LinkResult(
            resource_id=resource_id,
            url=url,
            status=status,
            checked_at=timezone.now(),
            http_status=http_status,
            final_url=final_url,
            error=error,
        )

    async with httpx.AsyncClient(
        headers={"User-Agent": get_user_agent()},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        limits=httpx.Limits(max_connections=concurrency),
        event_hooks={
            "request": [] if settings.LINK_CHECK_PRIVATE_NETWORKS else [refuse_private_addresses]
        },
    ) as client:
        return await asyncio.gather(*(check_one(client, pk, url) for pk, url in targets))


async def check_url(
    *, client: httpx.AsyncClient, url: str
) -> tuple[LinkStatus, int | None, str, str]:
    """Return (status, HTTP status, final URL if it differs, error) for one URL. Never raises."""
    try:
        response = await _fetch(client=client, method="HEAD", url=url)
        if response.status_code >= 400:
            # Many servers answer HEAD wrongly (405, 403, 501, even 404 or 500) while serving
            # the page to browsers; only a GET decides that a link is broken.
            response = await _fetch(client=client, method="GET", url=url)
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        return LinkStatus.UNREACHABLE, None, "", _describe(error)
    except Exception as error:
        # One odd site must never stop the run; the traceback goes to the log for a developer.
        logger.exception("Unexpected error checking %s", url)
        return LinkStatus.UNREACHABLE, None, "", _describe(error)

    final_url = _get_final_url(url, response.url)
    code = response.status_code
    if 200 <= code < 300:
        status = LinkStatus.REDIRECTED if final_url else LinkStatus.OK
    elif code == 429:
        # "Too many requests" says nothing about the page, only that we were turned away.
        status = LinkStatus.UNREACHABLE
    else:
        # 4xx/5xx, and the odd 3xx without a Location to follow: a visitor would not get the page.
        status = LinkStatus.BROKEN
    return status, code, final_url, ""


async def _fetch(*, client: httpx.AsyncClient, method: str, url: str) -> httpx.Response:
    # Streaming and never reading means a GET costs the headers, not the whole page or video.
    async with client.stream(method, url) as response:
        return response


def _get_final_url(original: str, final: httpx.URL) -> str:
    """The URL a visitor ends up at, or "" when it is the one we asked for."""
    asked = httpx.URL(original)
    if (asked.scheme, asked.host, asked.port, asked.raw_path) == (
        final.scheme,
        final.host,
        final.port,
        final.raw_path,
    ):
        return ""
    if asked.fragment and not final.fragment:
        # Browsers carry the fragment across a redirect, so the page section still matches.
        final = final.copy_with(fragment=asked.fragment)
    text = str(final)
    # A URL too long to store is not worth failing the batch's write for.
    return text if len(text) <= FINAL_URL_MAX_LENGTH else ""


def _get_host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
