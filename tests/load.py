"""`make load`: a bounded load test of the production profile over loopback.

gunicorn serves as `make run` does (on PostgreSQL 15 and Redis from the machine when
DATABASE_URL and CACHE_URL are given, on the embedded server otherwise), and LOAD_CLIENTS
threads, each its own browser with its own signed-in session, spend LOAD_SECONDS doing what
people do: searching near a ZIP code with filters, opening group pages, searching the library,
opening resources and saving them to a list. It prints requests per second and p50/p95/p99 per
kind of request, and fails on any error (a status of 400 or more, or no answer).

    make load                                  # 20 seconds, 8 clients
    LOAD_SECONDS=60 LOAD_CLIENTS=16 make load
"""

import http.cookiejar
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

SECONDS = float(os.environ.get("LOAD_SECONDS", "20"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "8"))
PASSWORD = "load test password 1"
WORDS = ["safety", "housing", "court", "advocacy", "plan", "children", "shelter", "peer"]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
    import django

    django.setup()


def sample_targets() -> dict[str, list[str]]:
    """What the clients ask for: real ZIP codes near groups, slugs, categories, and one
    advocate account per client."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from groups.models import Category, Place, SupportGroup
    from peersupport.models import User
    from resources.models import Resource

    groups = list(SupportGroup.objects.published().values_list("slug", flat=True)[:200])
    resources = list(Resource.objects.published().values_list("slug", flat=True)[:200])
    if not groups or not resources:
        sys.exit("No published groups or resources: run make run (or load_demo) first.")
    zips = list(
        Place.objects.filter(
            kind=Place.Kind.ZIP, city__in=["Atlanta", "Chicago", "Denver"]
        ).values_list("postal_code", flat=True)[:100]
    ) or ["30303"]
    categories = list(Category.objects.filter(is_separated=False).values_list("slug", flat=True))
    emails = []
    for number in range(CLIENTS):
        email = f"load-{number}@example.org"
        user, _ = User.objects.update_or_create(
            email=email, defaults={"password": make_password(PASSWORD), "is_active": True}
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        emails.append(email)
    return {
        "groups": groups,
        "resources": resources,
        "zips": zips,
        "categories": categories,
        "emails": emails,
    }


class Browser:
    """A person's browser: its own cookies. With host, every request names that site, as a load
    balancer in front of several instances passes on the one name people use."""

    def __init__(self, base: str, host: str | None = None) -> None:
        self.base = base
        self.host = host
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Host": self.host} if self.host else {}
        if body:
            headers["Origin"] = f"http://{self.host}" if self.host else self.base
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def token(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def sign_in(self, email: str, password: str = PASSWORD) -> bool:
        """Sign in through the form, as a person does; whether it worked."""
        self.open("/accounts/login/")
        status, _ = self.open(
            "/accounts/login/",
            {"csrfmiddlewaretoken": self.token(), "login": email, "password": password},
        )
        return status < 400 and any(cookie.name == "sessionid" for cookie in self.jar)


def journeys(targets: dict) -> list:
    def zip_search(browser):
        near = random.choice(targets["zips"])
        query = {"near": near, "radius": random.choice([10, 25, 50])}
        if targets["categories"] and random.random() < 0.7:
            query["category"] = random.choice(targets["categories"])
        if random.random() < 0.5:
            query["format"] = "in_person"
        return browser.open("/groups/?" + urllib.parse.urlencode(query))

    def group_page(browser):
        return browser.open(f"/groups/{random.choice(targets['groups'])}/")

    def library_search(browser):
        return browser.open("/resources/?" + urllib.parse.urlencode({"q": random.choice(WORDS)}))

    def resource_page(browser):
        return browser.open(f"/resources/{random.choice(targets['resources'])}/")

    def save(browser):
        slug = random.choice(targets["resources"])
        return browser.open(
            "/lists/save/",
            {
                "csrfmiddlewaretoken": browser.token(),
                "resource": slug,
                "new_list": "Load test",
                "next": f"/resources/{slug}/",
            },
        )

    # How often people do each: mostly searching and reading, now and then saving.
    return [
        ("ZIP search + filters", zip_search, 30),
        ("group page", group_page, 25),
        ("library search", library_search, 20),
        ("resource page", resource_page, 20),
        ("signed-in save", save, 5),
    ]


def run(base: str) -> int:
    targets = sample_targets()
    kinds = journeys(targets)
    timings: dict[str, list[float]] = {name: [] for name, _, _ in kinds}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client(email: str) -> None:
        browser = Browser(base)
        if not browser.sign_in(email):
            sys.exit(f"Signing in {email} failed.")
        names = [name for name, _, _ in kinds]
        weights = [weight for _, _, weight in kinds]
        actions = {name: action for name, action, _ in kinds}
        while time.monotonic() < deadline:
            name = random.choices(names, weights)[0]
            started = time.perf_counter()
            try:
                status, _ = actions[name](browser)
            except Exception as error:  # no answer at all counts as an error too
                status, error_text = 0, f"{name}: {type(error).__name__}"
            else:
                error_text = f"{name}: {status}" if status >= 400 else ""
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings[name].append(elapsed)
                if error_text:
                    errors.append(error_text)

    threads = [threading.Thread(target=client, args=(email,)) for email in targets["emails"]]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    total = sum(len(values) for values in timings.values())
    print(f"{total} requests in {wall:.1f} s from {CLIENTS} clients: {total / wall:.1f} requests/s")
    print(f"{'kind':24} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, values in timings.items():
        ordered = sorted(values) or [0.0]
        print(
            f"{name:24} {len(values):6d} {statistics.median(ordered):8.1f} "
            f"{percentile(ordered, 0.95):8.1f} {percentile(ordered, 0.99):8.1f}"
        )
    print(f"errors: {len(errors)}" + (f" (first: {errors[:5]})" if errors else ""))
    return 1 if errors else 0


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    setup_django()
    base = os.environ.get("LOAD_URL", "").rstrip("/")
    if base:
        sys.exit(run(base))
    from tests import servers

    workers = os.environ.get("WEB_CONCURRENCY", "4")
    with servers.gunicorn(Path(tempfile.mkdtemp()), WEB_CONCURRENCY=workers) as server:
        print(f"gunicorn with {workers} workers at {server.url}, as make run serves")
        code = run(server.url)
    sys.exit(code)


if __name__ == "__main__":
    main()
