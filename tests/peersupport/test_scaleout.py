"""Two gunicorn instances sharing PostgreSQL and Redis behave as one site (tests/scaleout.py)."""

import os

import pytest

from tests import scaleout, servers
from tests.peersupport.test_accounts import REDIS_URL, redis_reachable


@pytest.mark.django_db(transaction=True)
def test_two_instances_sharing_the_database_and_redis_act_as_one(tmp_path, make_resource, settings):
    if not redis_reachable(REDIS_URL):
        if os.environ.get("CI"):
            pytest.fail("CI machines run Redis on 127.0.0.1:6379; it did not answer")
        pytest.skip("no Redis on 127.0.0.1:6379 to share between instances")
    # Passwords hashed as the servers check them (the tests' own hasher is a fast one).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    resource = make_resource()
    with (
        servers.gunicorn(tmp_path / "a", CACHE_URL=REDIS_URL) as first,
        servers.gunicorn(tmp_path / "b", CACHE_URL=REDIS_URL) as second,
    ):
        try:
            people = scaleout.make_people()
            scaleout.a_list_saved_on_one_is_read_on_the_other(
                first.url, second.url, people, resource.slug
            )
            scaleout.a_lockout_on_one_holds_on_the_other(first.url, second.url, people)
            scaleout.a_curators_edit_on_one_shows_on_the_others_pages(first.url, second.url, people)
        finally:
            import redis

            redis.Redis.from_url(REDIS_URL).flushdb()
