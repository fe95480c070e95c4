"""A cable we can pull: a TCP proxy in front of PostgreSQL (or anything else), which tests cut
to make the server unreachable and restore to bring it back, without touching the server."""

import contextlib
import socket
import threading

from django.db import connection


def database_address() -> str | tuple[str, int]:
    """Where this test run's PostgreSQL listens: a Unix socket path or (host, port)."""
    host, port = connection.settings_dict["HOST"], int(connection.settings_dict["PORT"] or 5432)
    if host.startswith("/"):
        return f"{host}/.s.PGSQL.{port}"
    return (host or "127.0.0.1", port)


class Proxy:
    def __init__(self, upstream: str | tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_off = threading.Event()
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _connect_upstream(self) -> socket.socket:
        if isinstance(self.upstream, str):
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.upstream)
            return upstream
        return socket.create_connection(self.upstream)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut_off.is_set():
                client.close()
                continue
            try:
                upstream = self._connect_upstream()
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
            with self.lock:
                self.open.discard(end)

    def cut(self) -> None:
        """Drop every connection through the proxy and refuse new ones."""
        self.cut_off.set()
        with self.lock:
            ends = list(self.open)
        for end in ends:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def restore(self) -> None:
        self.cut_off.clear()

    def close(self) -> None:
        self.cut()
        self.listener.close()


# ----------------------------------------------------------------------------------------------
# make faults: with requests flowing, take away the database, Redis, a worker and the mail server
# in turn, and check the answers during each fault, the recovery, and that every report the site
# thanked someone for is stored.

TRACEBACK_SIGNS = ("Traceback (most recent call last)", 'File "/', "OperationalError")


def run_faults(seconds: float = 4.0, clients: int = 4) -> dict:
    """The fault drill against a gunicorn of the run profile on this process's database.
    Returns what each phase saw; raises AssertionError on anything the site must not do."""
    import collections
    import os
    import random
    import re
    import signal
    import tempfile
    import time
    import uuid
    from pathlib import Path

    from curation.models import GroupReport
    from groups.models import SupportGroup
    from tests import servers
    from tests.load import Browser

    group = SupportGroup.objects.published().first()
    assert group is not None, "the drill needs a published group"
    database = Proxy(database_address())
    redis_proxy = Proxy(("127.0.0.1", 6379))
    settings = connection.settings_dict
    env = {
        "DATABASE_URL": f"postgres://{settings['USER']}@127.0.0.1:{database.port}/{settings['NAME']}",
        "CACHE_URL": f"redis://127.0.0.1:{redis_proxy.port}/4",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",  # nothing listens there: the mail server is away throughout
        "EMAIL_USE_TLS": "false",
        "WEB_CONCURRENCY": "2",
        # The drill's robots send reports at once and often, from one address.
        "SUBMISSION_MIN_SECONDS": "0",
        "SUBMISSIONS_PER_HOUR": "100000",
    }
    pages = ["/", "/groups/?near=30303", "/resources/?q=safety", group.get_absolute_url()]
    phase = {"name": "normal"}
    seen: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    problems: list[str] = []
    thanked: list[str] = []
    stop = threading.Event()

    def visitor() -> None:
        while not stop.is_set():
            browser = Browser(server.url)
            name = phase["name"]
            try:
                if random.random() < 0.2:
                    status, body = browser.open(f"/groups/{group.slug}/report/")
                    if status != 200:  # no form to fill in: count the answer and go on
                        seen[name][status] += 1
                        continue
                    token = browser.token()
                    marker = f"drill {uuid.uuid4()}"
                    sent = {
                        "csrfmiddlewaretoken": token,
                        "started": re.search(r'name="started" value="([^"]+)"', body)[1],
                        "problem": "other",
                        "details": marker,
                    }
                    status, body = browser.open(f"/groups/{group.slug}/report/", sent)
                    if status == 200 and "Thank you" in body:
                        thanked.append(marker)
                else:
                    status, body = browser.open(random.choice(pages))
            except OSError as error:  # no answer: a worker killed mid-request
                seen[name][f"no answer ({type(error).__name__})"] += 1
                continue
            seen[name][status] += 1
            if any(sign in body for sign in TRACEBACK_SIGNS):
                problems.append(f"{name}: a traceback in a {status} answer")
            if status >= 500 and status != 503:
                problems.append(f"{name}: {status}")
            if status == 503 and not ("Exit this page" in body and "tel:" in body):
                problems.append(f"{name}: a 503 without the exit link and crisis lines")

    def during(name: str, start, end=None) -> None:
        phase["name"] = name
        start()
        time.sleep(seconds)
        if end is not None:
            end()
        phase["name"] = f"after {name}"
        time.sleep(seconds)

    def kill_a_worker() -> None:
        children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
        worker = int(children.read_text().split()[0])
        os.kill(worker, signal.SIGKILL)

    def sign_up_without_mail() -> None:
        browser = Browser(server.url)
        browser.open("/accounts/signup/")
        email = f"drill-{uuid.uuid4().hex[:8]}@example.org"
        status, body = browser.open(
            "/accounts/signup/",
            {
                "csrfmiddlewaretoken": browser.token(),
                "email": email,
                "password1": "a drill password 1",
                "password2": "a drill password 1",
            },
        )
        seen["mail away"][f"sign-up {status}"] += 1
        if status != 503 or "We could not send the email" not in body:
            problems.append(f"mail away: sign-up answered {status}")
        from peersupport.models import User

        if User.objects.filter(email=email).exists():
            problems.append("mail away: a half-made account was kept")

    try:
        with servers.gunicorn(Path(tempfile.mkdtemp()), **env) as server:
            threads = [threading.Thread(target=visitor) for _ in range(clients)]
            for thread in threads:
                thread.start()
            time.sleep(seconds)
            during("database away", database.cut, database.restore)
            during("Redis away", redis_proxy.cut, redis_proxy.restore)
            during("a worker killed", kill_a_worker)
            during("mail away", sign_up_without_mail)
            stop.set()
            for thread in threads:
                thread.join()
    finally:
        database.close()
        redis_proxy.close()
    stored = set(GroupReport.objects.filter(details__in=thanked).values_list("details", flat=True))
    lost = len(thanked) - len(stored)
    if lost:
        problems.append(f"{lost} of {len(thanked)} thanked-for reports are not stored")
    for name in ("database away", "Redis away"):
        if seen[f"after {name}"][200] == 0:
            problems.append(f"no page answered 200 after {name}: no recovery")
    if seen["database away"][503] == 0:
        problems.append("the database was away, yet no page said 503")
    assert not problems, problems
    return {
        "phases": {name: dict(counts) for name, counts in seen.items()},
        "thanked": len(thanked),
    }


def main() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
    import django

    django.setup()
    seconds = float(os.environ.get("FAULT_SECONDS", "5"))
    try:
        report = run_faults(seconds=seconds)
    except AssertionError as error:
        raise SystemExit(f"failed: {error}") from None
    for name, counts in report["phases"].items():
        print(f"{name:24} {counts}")
    print(f"{report['thanked']} reports thanked for, every one of them stored")


if __name__ == "__main__":
    main()
