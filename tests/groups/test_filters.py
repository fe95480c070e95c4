"""The finder's filters (groups.filters): each dimension's condition holds wherever the ORM
puts it, inside a subquery as at the top of a query."""

import datetime

import pytest
from django.db.models import Exists, OuterRef

from groups.filters import DIMENSIONS_BY_PARAM
from groups.models import Organization, SupportGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def meets_soon_or_not(make_group, make_meeting):
    weekly = make_group(name="Weekly")
    make_meeting(weekly, valid_from=datetime.date(2026, 1, 5))
    ended = make_group(name="Ended")
    make_meeting(ended, valid_from=datetime.date(2025, 1, 6), valid_to=datetime.date(2025, 3, 1))
    return weekly, ended


def test_meets_soon_is_worked_out_for_each_group(meets_soon_or_not):
    weekly, _ = meets_soon_or_not
    soon = DIMENSIONS_BY_PARAM["soon"].to_q(["yes"])
    assert list(SupportGroup.objects.filter(soon)) == [weekly]


def test_meets_soon_holds_inside_a_subquery_about_another_table(meets_soon_or_not):
    weekly, ended = meets_soon_or_not
    soon = DIMENSIONS_BY_PARAM["soon"].to_q(["yes"])
    has_a_group_meeting_soon = Exists(
        SupportGroup.objects.filter(soon, organization=OuterRef("pk"))
    )
    found = Organization.objects.filter(has_a_group_meeting_soon)
    assert list(found) == [weekly.organization]
    assert ended.organization not in found
