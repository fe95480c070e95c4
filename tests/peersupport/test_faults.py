"""The short fault drill of make faults (tests/faults.py): with requests flowing, the database,
Redis, a worker and the mail server go away in turn; answers stay calm, the site recovers
without a restart, and every report it thanked someone for is stored."""

import os

import pytest

from tests import faults
from tests.peersupport.test_accounts import REDIS_URL, redis_reachable


@pytest.mark.django_db(transaction=True)
def test_the_site_rides_out_each_fault_and_keeps_every_thanked_for_report(make_group, settings):
    if not redis_reachable(REDIS_URL):
        if os.environ.get("CI"):
            pytest.fail("CI machines run Redis on 127.0.0.1:6379; it did not answer")
        pytest.skip("no Redis on 127.0.0.1:6379 to take away")
    make_group()
    report = faults.run_faults(seconds=1.5, clients=3)
    phases = report["phases"]
    assert phases["database away"].get(503, 0) > 0
    assert phases["Redis away"].get(200, 0) > 0  # pages go on without the cache
    assert phases["after database away"].get(200, 0) > 0
    assert report["thanked"] > 0
