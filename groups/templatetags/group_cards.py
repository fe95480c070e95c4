"""A group as search results show it, built in Python.

A search page shows up to 30 cards. As an included template each cost about 170 µs (mostly
looking up a dozen variables), 5 ms of a page with a 25 ms budget; built here, about 40 µs.
What a card may show is decided by the models (a meeting place's `public_area`, never its
street address; docs/safety.md, rule 6), as it was in the template.
"""

import functools
from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from groups.listing_page import dial
from groups.models import Cost, Facilitation, Format, ListingKind

register = template.Library()

# Labels by value, looked up directly: a model's get_FOO_display rebuilds its choices each time.
FORMATS, FACILITATIONS, COSTS = dict(Format.choices), dict(Facilitation.choices), dict(Cost.choices)
KINDS = dict(ListingKind.choices)


# A group page's address is this prefix and the slug (a slug needs no escaping, but gets it).
@functools.cache
def _page_prefix() -> str:
    return reverse("groups:detail", args=["-"])[:-2]


@register.simple_tag
def group_card(group) -> SafeString:
    """A group in the results: name, summary, distance band, how it runs, when it meets (going
    on now, starting soon, today or next), and each schedule with the public area of its place
    (`groups.search` sets the extras). Every value is escaped with html.escape, as Django's
    own escape does, without making a safe string of each."""
    items = (
        [f"<li><strong>{escape(group.distance_band)}</strong></li>"] if group.distance_band else []
    )
    if group.kind != ListingKind.SUPPORT_GROUP:
        items.append(f"<li>{escape(KINDS.get(group.kind, group.kind))}</li>")
    for fact in (
        FORMATS.get(group.format, group.format),
        FACILITATIONS.get(group.facilitation, group.facilitation),
        COSTS.get(group.cost, group.cost),
        group.audience_text,
    ):
        items.append(f"<li>{escape(str(fact))}</li>")
    if when := group.meeting_status:
        items.append(
            f'<li class="when">{escape(when.lead)} <time datetime="{escape(when.iso)}"'
            f' data-zone="{escape(when.zone)}">{escape(when.text)}</time></li>'
        )
    elif opening := getattr(group, "opening_status", None):
        items.append(f'<li class="when">{_status_html(opening)}</li>')
    for meeting in group.card_meetings:
        where = f" · {escape(meeting.place.public_area)}" if meeting.place else ""
        items.append(f"<li>{escape(meeting.recurrence_text)}{where}</li>")
    if place := getattr(group, "card_place", None):
        items.append(f"<li>{escape(place.public_area)}</li>")
    badge = '<p><span class="badge">Example listing</span></p>\n' if group.is_demo else ""
    if group.check_is_old:
        badge += f'<p class="old-check">{escape(group.old_check_notice)}</p>\n'
    url = escape(f"{_page_prefix()}{group.slug}/")
    return mark_safe(  # noqa: S308 (every value above is escaped)
        f'<h2><a href="{url}">{escape(group.name)}</a></h2>\n{badge}'
        f'<p>{escape(group.summary)}</p>\n<ul class="meta">\n' + "\n".join(items) + "\n</ul>"
    )


def _status_html(status) -> str:
    """Open or not, with the moment in a <time> element the visitor's own time is added to."""
    if status is None:
        return "Opening hours not listed"
    if status.time_text:
        return (
            f'{escape(status.lead)} <time datetime="{escape(status.iso)}"'
            f' data-zone="{escape(status.zone)}">'
            f"{escape(status.time_text)} {escape(status.zone_name)}</time>"
        )
    if status.at:
        return (
            f'<time datetime="{escape(status.iso)}" data-zone="{escape(status.zone)}">'
            f"{escape(status.lead)}</time>"
        )
    return escape(status.lead)


@register.simple_tag
def line_card(line) -> SafeString:
    """A warmline on "Talk to someone now" (groups.talk_now.Line): whether it is open, who may
    call, and the ways to reach it; a chat link says it leaves the site, as
    includes/external_link.html does."""
    listing = line.listing
    ways = []
    if listing.contact_phone:
        number = escape(listing.contact_phone)
        ways.append(
            f'<li>Call <a href="tel:{escape(dial(listing.contact_phone))}">{number}</a></li>'
        )
    if listing.contact_text:
        number = escape(listing.contact_text)
        ways.append(
            f'<li>Text <a href="sms:{escape(dial(listing.contact_text))}">{number}</a></li>'
        )
    if listing.contact_chat:
        url = escape(listing.contact_chat)
        ways.append(
            f'<li><a href="{url}" rel="noreferrer" class="print-url">Chat by typing'
            ' <span class="leaves">(leaves this site)</span>'
            f'<span class="leaves-on-paper">(another website: {url})</span></a></li>'
        )
    badge = '<p><span class="badge">Example listing</span></p>\n' if listing.is_demo else ""
    page = escape(f"{_page_prefix()}{listing.slug}/")
    return mark_safe(  # noqa: S308 (every value above is escaped)
        f'<h3><a href="{page}">{escape(listing.name)}</a></h3>\n{badge}'
        f'<p class="when"><strong>{_status_html(line.status)}</strong></p>\n'
        f"<p>{escape(listing.summary)}</p>\n<p>{escape(line.who_may_call)}</p>\n"
        f'<ul class="meta">{"".join(ways)}</ul>'
    )
