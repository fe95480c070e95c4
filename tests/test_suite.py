"""The test suite's own arrangements."""

import pytest

pytestmark = pytest.mark.xdist_group("suite")


def test_grouped_tests_keep_their_group_under_xdist(request):
    # The groups exist so that costly set-ups (Chromium, the demo content) happen once per
    # run. When grouping breaks (as with pytest 9.2), everything still passes, only slower.
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("only means something under --dist loadgroup (make test)")
    assert request.node.nodeid.endswith("@suite")
