"""Two app servers, one PostgreSQL and one Redis: what one instance does, the other knows at
once. `make scaleout-demo` runs these checks against two gunicorn instances on the machine's
servers; tests/peersupport/test_scaleout.py runs them in `make test`.

Each check takes two instances' base URLs and returns a line saying what it saw; it raises
AssertionError when the second instance did not see what the first did.
"""

from tests.fuzz.forms import forms_of
from tests.load import Browser

PASSWORD = "scale-out password 1"
# The one site name both instances answer to, as behind a load balancer (allauth counts failed
# sign-ins per site and address).
SITE = "127.0.0.1"


def browser(base: str) -> Browser:
    return Browser(base, host=SITE)


def make_people() -> dict[str, str]:
    """An advocate, another advocate and a curator, each with a verified address."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from peersupport.models import User

    people = {
        "advocate": "scale-advocate@example.org",
        "other": "scale-other@example.org",
        "curator": "scale-curator@example.org",
    }
    for role, email in people.items():
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "password": make_password(PASSWORD),
                "is_active": True,
                "is_staff": role == "curator",
                "is_superuser": role == "curator",
            },
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return people


def signed_in(base: str, email: str) -> Browser:
    person = browser(base)
    assert person.sign_in(email, PASSWORD), f"{email} not signed in"
    return person


def a_list_saved_on_one_is_read_on_the_other(first: str, second: str, people, slug: str) -> str:
    saver = signed_in(first, people["advocate"])
    status, _ = saver.open(
        "/lists/save/",
        {"csrfmiddlewaretoken": saver.token(), "resource": slug, "new_list": "Across servers"},
    )
    assert status < 400, status
    _, page = signed_in(second, people["advocate"]).open("/lists/")
    assert "Across servers" in page, "the list saved on the first instance is not on the second"
    return "a list saved through the first instance is read through the second"


def a_lockout_on_one_holds_on_the_other(first: str, second: str, people) -> str:
    email = people["other"]
    for _ in range(6):
        browser(first).sign_in(email, "wrong")
    assert not browser(second).sign_in(email, PASSWORD), (
        "the right password was accepted on the second instance after failures on the first"
    )
    return "after failed sign-ins on the first instance, the second refuses the right password"


def a_curators_edit_on_one_shows_on_the_others_pages(first: str, second: str, people) -> str:
    from peersupport.models import CrisisLine

    line = CrisisLine.objects.get(country="US", phone="988")
    before = browser(second).open("/")[1]  # the second instance has the lines in its cache
    assert 'href="tel:988"' in before
    curator = signed_in(first, people["curator"])
    url = f"/admin/peersupport/crisisline/{line.pk}/change/"
    _, page = curator.open(url)
    form = next(form for form in forms_of(page) if "phone" in form.names)
    fields = dict(form.fields) | {"phone": "1-800-273-8255", "_save": "Save"}
    fields = {
        name: value for name, value in fields.items() if not name.startswith("_") or name == "_save"
    }
    status, answer = curator.open(url, fields)
    assert status < 400 and "errornote" not in answer, f"the admin refused the change: {status}"
    try:
        after = browser(second).open("/")[1]
        assert 'href="tel:18002738255"' in after, "the second instance still shows the old number"
    finally:
        CrisisLine.objects.filter(pk=line.pk).update(phone="988")
        line.refresh_from_db()
        line.save()  # clears the shared cached lines
    return "a curator's change on the first instance shows on the second's very next page"


def first_published_resource() -> str:
    from resources.models import Resource

    return Resource.objects.published().values_list("slug", flat=True).first()


def run_all(first: str, second: str) -> list[str]:
    people = make_people()
    return [
        a_list_saved_on_one_is_read_on_the_other(first, second, people, first_published_resource()),
        a_lockout_on_one_holds_on_the_other(first, second, people),
        a_curators_edit_on_one_shows_on_the_others_pages(first, second, people),
    ]


def main() -> None:
    import os
    import sys
    import tempfile
    from pathlib import Path

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
    import django

    django.setup()
    from tests import servers

    cache = os.environ.get("CACHE_URL") or "redis://127.0.0.1:6379/2"
    with (
        servers.gunicorn(Path(tempfile.mkdtemp()), CACHE_URL=cache) as first,
        servers.gunicorn(Path(tempfile.mkdtemp()), CACHE_URL=cache) as second,
    ):
        print(f"two instances: {first.url} and {second.url}, sharing the database and {cache}")
        try:
            for line in run_all(first.url, second.url):
                print("ok:", line)
        except AssertionError as error:
            sys.exit(f"failed: {error}")


if __name__ == "__main__":
    main()
