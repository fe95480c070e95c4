"""`make bench`: time pages through the real WSGI application on benchmark databases.

For each dataset size, a child process seeds synthetic groups and resources into a database of
its own (never the development one), calls `peersupport.wsgi.application` the way gunicorn
does, and reports p50/p95 server time per page. The table shows each page's p95 as a ratio to a
trivial page and to a page that only renders the base template, both timed in the same run,
its compressed size including CSS and JavaScript, and how much slower (against the base
template page) the largest dataset is than the smallest (growth).

    make bench                                # 10,000 and 100,000 groups (20k/200k resources)
    BENCH_SIZES=2000 make bench               # one quick size
    BENCH_ONLY="no place" make bench          # only the pages whose label has these words
    BENCH_ONLY="no place|safety" make bench   # or any of these
    BENCH_ONLY="near 30303" make profile      # where those pages' time goes (cProfile)

A case is one address, asked again and again, or a stream of addresses (bench_data.browsing),
each asked once: a fresh filter combination each time, which no cache has seen.
"""

import cProfile
import gzip
import io
import itertools
import json
import os
import pstats
import statistics
import subprocess
import sys
import time

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))
# make profile: cProfile over the timed requests (the timings then include its overhead).
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
PROFILE_LINES = 35
ONLY = os.environ.get("BENCH_ONLY", "")
WARMUP = 5
# The two pages every other is measured against: one that does nearly nothing, and one that
# only renders the base template (the exit link, the safety strip, the menu and a paragraph).
TRIVIAL = "trivial page (/healthz)"
BASE = "base template only (/thank-you/)"
RESOURCES_PER_GROUP = 2


def run_size(groups: int) -> None:
    """Child process: seed one size, time every case, print one JSON line."""
    # BENCH_DATABASE_PREFIX keeps two people benchmarking on one server apart.
    prefix = os.environ.get("BENCH_DATABASE_PREFIX", "peersupport_bench")
    os.environ.update(
        {
            "DATABASE_NAME": f"{prefix}_{groups}",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "DJANGO_SETTINGS_MODULE": "peersupport.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import RequestFactory

    from peersupport.wsgi import application
    from tests import bench_data

    def call(path: str) -> tuple[int, bytes, float]:
        base, _, query = path.partition("?")
        environ = RequestFactory()._base_environ(PATH_INFO=base, QUERY_STRING=query)
        environ["wsgi.input"] = io.BytesIO(b"")
        status = []
        started = time.perf_counter()
        response = application(environ, lambda s, headers, exc_info=None: status.append(s))
        body = b"".join(response)
        response.close()
        return int(status[0].split()[0]), body, time.perf_counter() - started

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    started = time.perf_counter()
    seeded = bench_data.seed(groups=groups, resources=groups * RESOURCES_PER_GROUP)
    seconds = time.perf_counter() - started
    assets = bench_data.page_assets(call)
    profiler = cProfile.Profile() if PROFILE else None
    results = {}
    cases = [
        (label, case)
        for label, case in bench_data.cases()
        if any(words in label for words in ONLY.split("|"))
    ]
    for label, case in [(TRIVIAL, "/healthz"), (BASE, "/thank-you/"), *cases]:
        paths = itertools.repeat(case) if isinstance(case, str) else case
        times = []
        for n, path in enumerate(itertools.islice(paths, WARMUP + REQUESTS)):
            if profiler and n >= WARMUP and label not in (TRIVIAL, BASE):
                profiler.enable()
            code, body, elapsed = call(path)
            if profiler:
                profiler.disable()
            if code != 200:
                sys.exit(f"{path} answered {code}; every benchmarked page must work.")
            if n >= WARMUP:
                times.append(elapsed * 1000)
        times.sort()
        extra = assets if case != "/healthz" else []
        results[label] = {
            "p50": statistics.median(times),
            "p95": times[max(0, int(len(times) * 0.95) - 1)],
            "kb": sum(len(gzip.compress(part, 6)) for part in [body, *extra]) / 1024,
        }
    if profiler:  # where the time of every page but the two measuring sticks went
        report = io.StringIO()
        stats = pstats.Stats(profiler, stream=report).strip_dirs()
        stats.sort_stats("cumulative").print_stats(PROFILE_LINES)
        stats.sort_stats("tottime").print_stats(PROFILE_LINES)
        sys.stderr.write(report.getvalue())
    print(json.dumps({"groups": groups, "seeded": seeded, "seconds": seconds, "results": results}))


def main() -> None:
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
    runs = []
    for groups in sizes:
        child = subprocess.run(
            [sys.executable, "-m", "tests.bench", "--size", str(groups)],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            sys.exit(child.stderr or child.stdout)
        if PROFILE:
            print(child.stderr)
        run = json.loads(child.stdout.strip().splitlines()[-1])
        runs.append(run)
        note = f"seeded in {run['seconds']:.0f} s" if run["seeded"] else "already seeded"
        print(
            f"\n{groups:,} groups, {groups * RESOURCES_PER_GROUP:,} resources ({note}); "
            f"{REQUESTS} requests per page"
        )
        print(
            f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'vs trivial':>10} {'vs base':>8} "
            f"{'KB gz':>7}"
        )
        trivial, base = (run["results"][name]["p95"] for name in (TRIVIAL, BASE))
        for label, figures in run["results"].items():
            print(
                f"{label:40} {figures['p50']:8.2f} {figures['p95']:8.2f} "
                f"{figures['p95'] / trivial:9.1f}x {figures['p95'] / base:7.1f}x "
                f"{figures['kb']:7.1f}"
            )
    if len(runs) > 1:
        small, large = runs[0], runs[-1]
        factor = large["groups"] / small["groups"]
        print(
            f"\nGrowth from {small['groups']:,} to {large['groups']:,} groups ({factor:.0f}x data),"
            " p95 ratio to the base template page:"
        )
        for label in small["results"]:
            if label in (TRIVIAL, BASE):
                continue
            ratio_small = small["results"][label]["p95"] / small["results"][BASE]["p95"]
            ratio_large = large["results"][label]["p95"] / large["results"][BASE]["p95"]
            print(f"  {label:40} {ratio_large / ratio_small:5.2f}x")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--size":
        run_size(int(sys.argv[2]))
    else:
        main()
