"""What the lists tests share: small builders and readers of pages."""

import csv
import io

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from groups import schedule
from lists import services as lists
from lists.models import SavedItem, SavedList

HIDDEN_STREET = "12 Hidden Lane"
SECRET_STREET = "77 Secret Road"
PRIVATE_ROOM = "https://meet.example/private-room-4821"


def make_list(owner, name: str = "For J.", **overrides) -> SavedList:
    return lists.create_list(owner=owner, name=name, **overrides)


def add(saved_list: SavedList, *, resource=None, group=None, note: str = "") -> SavedItem:
    lists.save_to_lists(lists=[saved_list], resource=resource, group=group, note=note)
    target = {"resource": resource} if resource else {"group": group}
    return saved_list.items.get(**target)


def snapshot() -> tuple[list, list]:
    """Every list and item as stored, to show a refused request changed nothing."""
    return (
        list(SavedList.objects.order_by("pk").values()),
        list(SavedItem.objects.order_by("pk").values()),
    )


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def titles_in_order(saved_list: SavedList) -> list[str]:
    return [str(item) for item in saved_list.items.order_by("position", "pk")]


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def handout_footer(html: str) -> str:
    return html[html.index('class="handout-lines"') :]


def next_meeting_texts(group) -> list[str]:
    starts = schedule.upcoming_across(group.meetings.all(), timezone.now(), count=2)
    return [schedule.Occurrence(start).text for start, _ in starts]


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def share(client, saved_list: SavedList, action: str = "new") -> str | None:
    response = client.post(reverse("lists:share", args=[saved_list.pk]), {"action": action})
    assert response.status_code == 302
    saved_list.refresh_from_db()
    return saved_list.share_token


def shared_url(token: str) -> str:
    return reverse("shared_list", args=[token])
