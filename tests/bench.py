"""`make bench`: time pages through the real WSGI application on a benchmark database.

Seeds synthetic groups and resources into their own database (never the development one),
calls `peersupport.wsgi.application` the way gunicorn does, and prints p50/p95 server time
for each page with its ratio to a trivial page timed in the same run, plus each page's
compressed size including its CSS and JavaScript.

    make bench                     # defaults: 10,000 groups, 20,000 resources
    BENCH_GROUPS=2000 make bench   # a quicker run
"""

import gzip
import io
import os
import statistics
import sys
import time

BENCH_ENV = {
    "DATABASE_NAME": os.environ.get("BENCH_DATABASE_NAME", "peersupport_bench"),
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "DJANGO_SETTINGS_MODULE": "peersupport.settings",
}
os.environ.update(BENCH_ENV)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from peersupport.wsgi import application  # noqa: E402
from tests import bench_data  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))
WARMUP = 5


def call(path: str) -> tuple[int, bytes, float]:
    """One request through the WSGI application; returns status, body and seconds."""
    base, _, query = path.partition("?")
    environ = RequestFactory()._base_environ(PATH_INFO=base, QUERY_STRING=query)
    environ["wsgi.input"] = io.BytesIO(b"")
    status = []
    started = time.perf_counter()
    response = application(environ, lambda s, headers, exc_info=None: status.append(s))
    body = b"".join(response)
    if hasattr(response, "close"):
        response.close()
    elapsed = time.perf_counter() - started
    return int(status[0].split()[0]), body, elapsed


def measure(path: str) -> dict:
    for _ in range(WARMUP):
        code, body, _ = call(path)
        if code != 200:
            sys.exit(f"{path} answered {code}; the benchmark needs every page to work.")
    times = sorted(call(path)[2] * 1000 for _ in range(REQUESTS))
    return {
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "body": body,
    }


def compressed_kb(body: bytes, assets: list[bytes]) -> float:
    return sum(len(gzip.compress(part, 6)) for part in [body, *assets]) / 1024


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    groups = int(os.environ.get("BENCH_GROUPS", "10000"))
    resources = int(os.environ.get("BENCH_RESOURCES", "20000"))
    started = time.perf_counter()
    seeded = bench_data.seed(groups=groups, resources=resources)
    seed_note = f"seeded in {time.perf_counter() - started:.1f} s" if seeded else "already seeded"
    print(
        f"Benchmark database {BENCH_ENV['DATABASE_NAME']}: {groups} groups, "
        f"{resources} resources ({seed_note}); {REQUESTS} requests per page."
    )

    assets = bench_data.page_assets(call)
    cases = [("trivial page (/healthz)", "/healthz"), *bench_data.cases()]
    baseline = None
    print(f"{'page':44} {'p50 ms':>8} {'p95 ms':>8} {'p95 ratio':>10} {'KB gz':>7}")
    for label, path in cases:
        result = measure(path)
        baseline = baseline or result["p95"]
        size = compressed_kb(result["body"], assets if path != "/healthz" else [])
        print(
            f"{label:44} {result['p50']:8.2f} {result['p95']:8.2f} "
            f"{result['p95'] / baseline:9.1f}x {size:7.1f}"
        )


if __name__ == "__main__":
    main()
