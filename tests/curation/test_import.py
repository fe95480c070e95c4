"""CSV import and export (curation.imports, docs/import.md): a dry run says what each line
would do and every error with its line number; applying is all or nothing; the same file
twice changes nothing; an export imports back unchanged, with formulas made harmless; the
history keeps imports like any change."""

import datetime
import textwrap

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from curation.history import history_of
from curation.imports import FileProblem, export_csv, import_csv
from groups.models import Meeting, MeetingPlace, OpeningHours, Organization, SupportGroup
from resources.models import Resource
from tests import factories

pytestmark = pytest.mark.django_db


def csv(text: str) -> bytes:
    return textwrap.dedent(text).lstrip().encode()


ORGANISATIONS = csv("""
    slug,name,website,phone
    hillside-center,Hillside Center,https://example.org/hillside,404-555-0100
    riverside,Riverside Peer Network,,
""")
LISTING_HEADER = (
    "slug,name,kind,organisation,categories,summary,description,format,facilitation,joining,"
    "how_to_join,audiences,status,last_verified"
)
LISTING_ROWS = [
    "hillside-circle,Hillside Circle,support_group,hillside-center,domestic-violence,"
    "A calm circle.,We talk and listen.,in_person,peer,drop_in,Just come along.,women|lgbtq,"
    "published,2026-11-01",
    "riverside-line,Riverside Line,warmline,riverside,mental-health,Someone to talk to.,"
    "A peer answers.,phone,peer,drop_in,Call the line.,,published,",
]
LISTINGS = "\n".join([LISTING_HEADER, *LISTING_ROWS, ""]).encode()


@pytest.fixture
def organisations(db):
    report = import_csv(ORGANISATIONS, apply=True)
    assert not report.errors, report.lines
    return report


def test_a_dry_run_says_what_would_be_created_and_writes_nothing():
    report = import_csv(ORGANISATIONS)
    assert (report.table, report.applied) == ("organisations", False)
    assert [(line.line, line.action, line.key) for line in report.lines] == [
        (2, "new", "hillside-center"),
        (3, "new", "riverside"),
    ]
    assert report.summary == "2 would be created, 0 would be changed, 0 unchanged."
    assert Organization.objects.count() == 0


def test_applying_imports_every_row_and_the_same_file_again_changes_nothing(organisations):
    assert Organization.objects.count() == 2
    again = import_csv(ORGANISATIONS, apply=True)
    assert [line.action for line in again.lines] == ["skip", "skip"]
    assert again.summary == "0 created, 0 changed, 2 unchanged."


def test_a_changed_row_says_which_columns_change(organisations):
    changed = ORGANISATIONS.replace(b"404-555-0100", b"404-555-0199")
    report = import_csv(changed)
    assert [(line.action, line.changes) for line in report.lines] == [
        ("update", ["phone"]),
        ("skip", []),
    ]


def test_listings_of_every_kind_with_categories_and_lists(organisations):
    report = import_csv(LISTINGS, apply=True)
    assert not report.errors, report.lines
    circle = SupportGroup.objects.get(slug="hillside-circle")
    assert circle.organization.slug == "hillside-center"
    assert circle.category_slugs == ["domestic-violence"]
    assert circle.audiences == ["women", "lgbtq"]
    assert circle.last_verified == datetime.date(2026, 11, 1)
    assert SupportGroup.objects.get(slug="riverside-line").kind == "warmline"
    assert [line.action for line in import_csv(LISTINGS).lines] == ["skip", "skip"]


def test_an_error_anywhere_imports_nothing_and_names_each_line(organisations):
    bad = LISTINGS.replace(b"domestic-violence", b"no-such-topic").replace(
        b"in_person,peer", b"in_person,nobody"
    )
    report = import_csv(bad, apply=True)
    assert not report.applied
    [line] = report.errors
    assert line.line == 2
    text = " ".join(line.errors)
    assert "Unknown categories: no-such-topic." in text
    assert "facilitation" in text
    assert SupportGroup.objects.count() == 0  # the good line 3 was not imported either


def test_bad_times_and_days_are_errors_with_their_line(organisations):
    import_csv(LISTINGS, apply=True)
    meetings = csv("""
        listing,weekday,start_time,end_time,timezone
        hillside-circle,tuesday,18:30,20:00,America/New_York
        hillside-circle,Funday,6:30 pm,8 pm,America/New_York
        hillside-circle,wed,25:00,20:00,America/New_York
    """)
    report = import_csv(meetings, apply=True)
    assert [line.line for line in report.errors] == [3, 4]
    assert "not a day of the week" in " ".join(report.errors[0].errors)
    assert "not a time" in " ".join(report.errors[1].errors)
    assert Meeting.objects.count() == 0


def test_meetings_and_hours_import_and_match_on_their_day_and_time(organisations):
    import_csv(LISTINGS, apply=True)
    meetings = csv("""
        listing,weekday,start_time,end_time,timezone,notes
        hillside-circle,tue,6:30 pm,8 pm,America/New_York,Side door
    """)
    assert not import_csv(meetings, apply=True).errors
    meeting = Meeting.objects.get()
    assert (meeting.weekday, meeting.start_time) == (1, datetime.time(18, 30))
    assert [line.action for line in import_csv(meetings, apply=True).lines] == ["skip"]
    hours = csv("""
        listing,weekday,opens,closes,closes_next_day
        riverside-line,friday,17:00,02:00,yes
    """)
    SupportGroup.objects.filter(slug="riverside-line").update(timezone="America/Chicago")
    assert not import_csv(hours, apply=True).errors
    assert OpeningHours.objects.get().closes_next_day is True


def test_places_take_their_area_from_the_gazetteer_and_keep_confidential_addresses():
    factories.make_gazetteer_place()  # 30303, Atlanta
    places = csv("""
        key,name,street_address,city,state,postal_code,timezone,address_visibility
        hillside-hall,Hillside Hall,12 Elm St,Atlanta,GA,30303,America/New_York,area_only
        nowhere,,,Atlanta,GA,99999,America/New_York,area_only
    """)
    report = import_csv(places, apply=True)
    [line] = report.errors
    assert line.line == 3 and "99999" in " ".join(line.errors)
    assert MeetingPlace.objects.count() == 0
    assert not import_csv(places.split(b"\nnowhere")[0] + b"\n", apply=True).errors
    hall = MeetingPlace.objects.get(key="hillside-hall")
    assert hall.area.postal_code == "30303"
    exported = export_csv("places")
    assert "12 Elm St" not in exported  # a confidential address never leaves (rule 6)
    # ... and importing that export back keeps the address that was left out.
    report = import_csv(exported.encode(), apply=True)
    assert not report.errors and [line.action for line in report.lines] == ["skip"]
    hall.refresh_from_db()
    assert hall.street_address == "12 Elm St"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("slug,name\nx,Caf\xe9\n".encode("latin-1"), "Line 2 is not UTF-8"),
        (b"", "The file is empty"),
        (b"slug,title\nx,y\n", "Some columns are missing for resources"),
        (b"slug,name,colour\nx,y,red\n", "Unknown column(s) for organisations: colour"),
        (b"slug,name,name\nx,y,z\n", "appear twice: name"),
        (b"slug,name\nx,y,z\n", "Line 2 has more cells"),
        (b"\x00\x01\x02", "not a CSV text file"),
    ],
    ids=["latin-1", "empty", "missing columns", "unknown column", "twice", "ragged", "binary"],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_reason(raw, message):
    with pytest.raises(FileProblem, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_csv(raw, apply=True)
    assert Organization.objects.count() == 0


def test_a_file_that_says_one_thing_twice_is_refused_with_both_lines():
    report = import_csv(
        csv("""
        slug,name
        hillside,Hillside Center
        riverside,Riverside
        Hillside,Hillside again
    """),
        apply=True,
    )
    [line] = report.errors
    assert (line.line, line.errors) == (4, ["The same as line 2."])
    assert Organization.objects.count() == 0


def test_an_export_imports_back_unchanged(organisations):
    import_csv(LISTINGS, apply=True)
    resource = factories.make_resource(title='=HYPERLINK("http://evil")', phone="+1 800 555 0100")
    for table in ["organisations", "listings", "resources"]:
        exported = export_csv(table)
        report = import_csv(exported.encode(), apply=True)
        assert not report.errors, (table, report.errors)
        assert {line.action for line in report.lines} == {"skip"}, (table, report.lines)
    exported = export_csv("resources")
    assert "'=HYPERLINK" in exported and "'+1 800 555 0100" in exported  # harmless in a sheet
    resource.refresh_from_db()
    assert resource.title.startswith("=HYPERLINK") and resource.phone == "+1 800 555 0100"


def test_an_import_is_kept_in_the_history(organisations):
    import_csv(LISTINGS, apply=True)
    import_csv(LISTINGS.replace(b"Just come along.", b"Ring the bell."), apply=True)
    listing = SupportGroup.objects.get(slug="hillside-circle")
    [latest, *_] = history_of(listing)
    assert latest.where == "import listings"
    assert ("How to join", "Just come along.", "Ring the bell.") in latest.fields


def test_the_command_does_a_dry_run_then_imports(tmp_path, capsys):
    path = tmp_path / "organisations.csv"
    path.write_bytes(ORGANISATIONS)
    call_command("import_listings", str(path), "--dry-run")
    assert "2 would be created" in capsys.readouterr().out
    assert Organization.objects.count() == 0
    call_command("import_listings", str(path))
    assert Organization.objects.count() == 2


def test_the_command_fails_with_every_line_in_error(tmp_path, capsys):
    path = tmp_path / "resources.csv"
    path.write_bytes(
        csv("""
        slug,title,kind,summary,url
        a-guide,A guide,toolkit,Helps.,https://example.org/a
        b-guide,B guide,pamphlet,Helps.,not a url
    """)
    )
    with pytest.raises(CommandError, match="1 line"):
        call_command("import_listings", str(path))
    assert "line 3:" in capsys.readouterr().err
    assert Resource.objects.count() == 0
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_listings", str(tmp_path / "missing.csv"))


# The curators' page


def upload(client, content: bytes, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile("file.csv", content, "text/csv"), **fields}
    return client.post(reverse("curation:import"), data)


@pytest.fixture
def curator(client, carol):
    client.force_login(carol)
    return client


def test_a_curator_checks_then_imports_a_file_in_the_browser(curator, carol):
    page = upload(curator, ORGANISATIONS, apply="no")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 would be created" in html and "Would be created" in html
    assert Organization.objects.count() == 0
    assert upload(curator, ORGANISATIONS, apply="yes").status_code == 200
    assert Organization.objects.count() == 2
    assert emails_of("hillside-center") == [carol.email]  # the history says who imported it


def emails_of(slug: str) -> list[str]:
    from django.apps import apps

    from peersupport.models import User

    event = apps.get_model("groups", "OrganizationEvent")
    ids = event.objects.filter(pgh_obj__slug=slug).values_list(
        "pgh_context__metadata__user", flat=True
    )
    return [User.objects.get(pk=pk).email for pk in ids]


def test_a_file_with_errors_shows_every_line_and_imports_nothing(curator):
    bad = ORGANISATIONS.replace(b"https://example.org/hillside", b"not a web address")
    page = upload(curator, bad, apply="yes")
    assert page.status_code == 422
    assert "Error:" in page.content.decode() and "nothing was imported" in page.content.decode()
    assert Organization.objects.count() == 0


@pytest.mark.parametrize(
    "fields",
    [{}, {"table": "nonsense"}],
    ids=["no file", "no such table"],
)
def test_a_post_without_a_usable_file_or_table_is_told_why(curator, fields):
    if fields:
        response = upload(curator, ORGANISATIONS, **fields)
    else:
        response = curator.post(reverse("curation:import"), {"apply": "yes"})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()


def test_exports_are_csv_files_for_curators_only(client, curator, alice):
    import_csv(ORGANISATIONS, apply=True)
    response = curator.get(reverse("curation:export", args=["organisations"]))
    assert response["Content-Type"].startswith("text/csv")
    assert b"hillside-center" in response.content
    assert curator.get(reverse("curation:export", args=["nothing"])).status_code == 404
    client.force_login(alice)
    assert client.get(reverse("curation:export", args=["organisations"])).status_code == 404
    assert client.get(reverse("curation:import")).status_code == 404


def test_meetings_hours_and_places_export_and_import_back_unchanged(organisations):
    factories.make_gazetteer_place()
    import_csv(LISTINGS, apply=True)
    place = factories.make_place(key="hillside-hall")
    circle = SupportGroup.objects.get(slug="hillside-circle")
    factories.make_meeting(circle, place=place, notes="=SUM(A1)")
    keyless = factories.make_place()  # made in the admin: known by place-<id>
    factories.make_meeting(circle, place=keyless, weekday=3)
    line = SupportGroup.objects.get(slug="riverside-line")
    SupportGroup.objects.filter(pk=line.pk).update(timezone="America/Chicago")
    factories.make_hours(
        line, weekday=4, opens=datetime.time(17), closes=datetime.time(2), closes_next_day=True
    )
    for table in ["places", "meetings", "hours"]:
        exported = export_csv(table)
        report = import_csv(exported.encode(), apply=True)
        assert not report.errors, (table, report.errors)
        assert {line.action for line in report.lines} == {"skip"}, (table, report.lines)
    assert "'=SUM(A1)" in export_csv("meetings")
    assert f"place-{keyless.pk}" in export_csv("meetings")
    assert Meeting.objects.get(place=place).notes == "=SUM(A1)"
    keyless.refresh_from_db()
    assert keyless.key is None


def test_curators_can_read_the_import_guide(curator, client):
    response = curator.get(reverse("curation:import_guide"))
    assert response["Content-Type"].startswith("text/plain")
    assert "## listings" in response.content.decode()
