"""A database made before lists and moderation had apps of their own keeps every row, index and
constraint when it is migrated to the present layout; listings made before kinds of listing
are support groups."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from curation.models import GroupReport, GroupSuggestion, ResourceReport, ResourceSuggestion
from groups.models import ListingKind, SupportGroup
from lists.models import SavedItem, SavedList

# The last migrations of each app before the move: the layout of such a database.
BEFORE_THE_MOVE = [
    ("peersupport", "0003_us_crisis_lines"),
    ("groups", "0008_earth_at_indexes"),
    ("resources", "0007_broad_search"),
    ("lists", None),
    ("curation", None),
]
AFTER_THE_MOVE = [
    ("groups", "0009_moderation_moves_to_curation"),
    ("resources", "0008_lists_and_moderation_move_out"),
    ("lists", "0001_initial"),
    ("curation", "0001_initial"),
]
# Each moved table: its name before the move, its name now.
MOVED_TABLES = {
    "resources_savedlist": "lists_savedlist",
    "resources_saveditem": "lists_saveditem",
    "groups_groupsuggestion": "curation_groupsuggestion",
    "groups_groupsuggestion_categories": "curation_groupsuggestion_categories",
    "groups_groupreport": "curation_groupreport",
    "resources_resourcesuggestion": "curation_resourcesuggestion",
    "resources_resourcereport": "curation_resourcereport",
}


def indexes(tables) -> set[tuple[str, str]]:
    """(name, definition) of every index on these tables, with table names as they are now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [list(tables)]
        )
        return {(name, renamed(definition)) for name, definition in cursor.fetchall()}


# The constraints named after their app, which take the new app's name.
RENAMED_CONSTRAINTS = {
    f"{app}_{model}_decided_has_review_time": f"curation_{model}_decided_has_review_time"
    for app, model in [
        ("groups", "groupsuggestion"),
        ("groups", "groupreport"),
        ("resources", "resourcesuggestion"),
        ("resources", "resourcereport"),
    ]
}


def constraints(tables) -> set[tuple[str, str, str]]:
    """(name, kind, definition) of every constraint, with names and tables as they are now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT con.conname, con.contype, pg_get_constraintdef(con.oid)"
            " FROM pg_constraint AS con JOIN pg_class AS rel ON rel.oid = con.conrelid"
            " WHERE rel.relname = ANY(%s)",
            [list(tables)],
        )
        rows = cursor.fetchall()
    return {
        (RENAMED_CONSTRAINTS.get(name, name), kind, renamed(definition))
        for name, kind, definition in rows
    }


def renamed(sql: str) -> str:
    for old, new in sorted(MOVED_TABLES.items(), key=lambda pair: -len(pair[0])):
        sql = sql.replace(old, new)
    return sql


def fill_the_old_layout(old_apps) -> dict:
    """What an advocate and the public had stored: lists, items, notes, a share link, reports."""
    user = old_apps.get_model("peersupport", "User").objects.create(email="alice@example.org")
    organization = old_apps.get_model("groups", "Organization").objects.create(
        name="Harbor House", slug="harbor-house"
    )
    group = old_apps.get_model("groups", "SupportGroup").objects.create(
        name="Lantern Circle",
        slug="lantern-circle",
        organization=organization,
        summary="A calm weekly group.",
        description="People share how their week went.",
        format="in_person",
        facilitation="peer",
        joining="drop_in",
        how_to_join="Come along.",
        status="published",
    )
    resource = old_apps.get_model("resources", "Resource").objects.create(
        title="Planning for safety",
        slug="planning-for-safety",
        kind="toolkit",
        summary="Steps to plan for safety.",
        url="https://example.org/safety",
        status="published",
    )
    saved_list = old_apps.get_model("resources", "SavedList").objects.create(
        owner=user,
        name="For my clients",
        description="Handout for Tuesday",
        share_token="a-share-token-of-sufficient-length",
        shared_at=timezone.now(),
    )
    SavedItemBefore = old_apps.get_model("resources", "SavedItem")
    group_item = SavedItemBefore.objects.create(
        saved_list=saved_list, group=group, note="Tuesday evenings", position=1
    )
    resource_item = SavedItemBefore.objects.create(
        saved_list=saved_list, resource=resource, note="Read this first", position=2
    )
    category = old_apps.get_model("groups", "Category").objects.get(slug="self-injury")
    suggestion = old_apps.get_model("groups", "GroupSuggestion").objects.create(
        name="New circle", description="Meets on Mondays.", city="Decatur", state="GA"
    )
    suggestion.categories.add(category)
    group_report = old_apps.get_model("groups", "GroupReport").objects.create(
        group=group,
        problem="not_meeting",
        details="Nobody was there.",
        status="declined",
        reviewer=user,
        reviewed_at=timezone.now(),
        reason="It met the next week.",
    )
    resource_suggestion = old_apps.get_model("resources", "ResourceSuggestion").objects.create(
        title="A toolkit", url="https://example.org/toolkit", submitter_email="x@example.org"
    )
    resource_report = old_apps.get_model("resources", "ResourceReport").objects.create(
        resource=resource, problem="broken_link", suggested_change="https://example.org/new"
    )
    return {
        "user": user.pk,
        "group": group.pk,
        "resource": resource.pk,
        "category": category.pk,
        "list": saved_list.pk,
        "group_item": group_item.pk,
        "resource_item": resource_item.pk,
        "suggestion": suggestion.pk,
        "group_report": group_report.pk,
        "resource_suggestion": resource_suggestion.pk,
        "resource_report": resource_report.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_every_row_and_index():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE_THE_MOVE)
        old_apps = executor.loader.project_state([n for n in BEFORE_THE_MOVE if n[1]]).apps
        ids = fill_the_old_layout(old_apps)
        old_tables = [old for old in MOVED_TABLES]
        indexes_before, constraints_before = indexes(old_tables), constraints(old_tables)
        permission = Permission.objects.get(codename="change_savedlist").pk
        assert ContentType.objects.filter(app_label="resources", model="savedlist").exists()
        executor.loader.build_graph()
        executor.migrate(AFTER_THE_MOVE)
        new_tables = list(MOVED_TABLES.values())
        indexes_after, constraints_after = indexes(new_tables), constraints(new_tables)
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert indexes_after == indexes_before
    assert constraints_after == constraints_before
    # and they are the ones the models declare (a partial unique constraint is an index).
    names = {name for name, _, _ in constraints_before} | {name for name, _ in indexes_before}
    for model in [SavedList, SavedItem, GroupSuggestion, GroupReport, ResourceReport]:
        assert {constraint.name for constraint in model._meta.constraints} <= names

    saved_list = SavedList.objects.get(pk=ids["list"])
    assert saved_list.owner_id == ids["user"]
    assert (saved_list.name, saved_list.description) == ("For my clients", "Handout for Tuesday")
    assert saved_list.share_token == "a-share-token-of-sufficient-length"
    items = list(
        saved_list.items.order_by("position").values_list("pk", "group", "resource", "note")
    )
    assert items == [
        (ids["group_item"], ids["group"], None, "Tuesday evenings"),
        (ids["resource_item"], None, ids["resource"], "Read this first"),
    ]
    suggestion = GroupSuggestion.objects.get(pk=ids["suggestion"])
    assert list(suggestion.categories.values_list("pk", flat=True)) == [ids["category"]]
    report = GroupReport.objects.get(pk=ids["group_report"])
    assert (report.group_id, report.details, report.reason) == (
        ids["group"],
        "Nobody was there.",
        "It met the next week.",
    )
    assert ResourceSuggestion.objects.get(pk=ids["resource_suggestion"]).url.endswith("/toolkit")
    assert ResourceReport.objects.get(pk=ids["resource_report"]).resource_id == ids["resource"]

    # Curators' permissions follow the model to its new app.
    assert Permission.objects.get(pk=permission).content_type.app_label == "lists"
    assert not ContentType.objects.filter(app_label="resources", model="savedlist").exists()
    # New rows still get fresh ids after the renamed tables' existing ones.
    newer = SavedList.objects.create(owner_id=ids["user"], name="Another")
    assert newer.pk > ids["list"]
    item = SavedItem.objects.create(saved_list=newer, resource_id=ids["resource"], position=1)
    assert item.pk > ids["resource_item"]
    assert (
        GroupReport.objects.create(
            group_id=ids["group"], problem="other", reviewed_at=datetime.datetime.now(datetime.UTC)
        ).pk
        > ids["group_report"]
    )


@pytest.mark.django_db(transaction=True)
def test_lists_whose_names_differ_only_in_capitals_are_kept_under_new_names():
    before_case_rule = [("lists", "0001_initial")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before_case_rule)
        old_apps = executor.loader.project_state(before_case_rule).apps
        owner = old_apps.get_model("peersupport", "User").objects.create(email="a@example.org")
        other = old_apps.get_model("peersupport", "User").objects.create(email="b@example.org")
        SavedListBefore = old_apps.get_model("lists", "SavedList")
        for user, name in [(owner, "Clients"), (owner, "clients"), (owner, "CLIENTS")]:
            SavedListBefore.objects.create(owner=user, name=name)
        SavedListBefore.objects.create(owner=other, name="clients")
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    names = list(SavedList.objects.order_by("owner__email", "pk").values_list("name", flat=True))
    assert names == ["Clients", "clients (2)", "CLIENTS (3)", "clients"]


@pytest.mark.django_db(transaction=True)
def test_listings_from_before_kinds_are_support_groups_without_hours():
    before_kinds = [("groups", "0012_on_request_places_at_town_centres")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before_kinds)
        old_apps = executor.loader.project_state(before_kinds).apps
        organization = old_apps.get_model("groups", "Organization").objects.create(
            name="Harbor House", slug="harbor-house"
        )
        old_apps.get_model("groups", "SupportGroup").objects.create(
            name="Lantern Circle",
            slug="lantern-circle",
            organization=organization,
            summary="A calm weekly group.",
            description="People share how their week went.",
            format="in_person",
            facilitation="peer",
            joining="drop_in",
            how_to_join="Come along.",
        )
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    group = SupportGroup.objects.get(slug="lantern-circle")
    assert (group.kind, group.timezone) == (ListingKind.SUPPORT_GROUP, "")
    assert not group.opening_hours.exists() and not group.closures.exists()
