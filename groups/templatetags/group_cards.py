"""A group as search results show it, built in Python.

A search page shows up to 30 cards. As an included template each cost about 170 µs (mostly
looking up a dozen variables), 5 ms of a page with a 25 ms budget; built here, about 40 µs.
What a card may show is decided by the models (a meeting place's `public_area`, never its
street address; docs/safety.md, rule 6), as it was in the template.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def group_card(group) -> SafeString:
    """A group in the results: name, summary, distance band, how it runs, when it meets (going
    on now, starting soon, today or next), and each schedule with the public area of its place
    (`groups.search` sets the extras)."""
    items = (
        [f"<li><strong>{conditional_escape(group.distance_band)}</strong></li>"]
        if group.distance_band
        else []
    )
    for fact in (
        group.get_format_display(),
        group.get_facilitation_display(),
        group.get_cost_display(),
        group.audience_text,
    ):
        items.append(f"<li>{conditional_escape(fact)}</li>")
    if when := group.meeting_status:
        items.append(
            f'<li class="when">{conditional_escape(when.lead)} <time datetime="{when.iso}"'
            f' data-zone="{conditional_escape(when.zone)}">'
            f"{conditional_escape(when.text)}</time></li>"
        )
    for meeting in group.card_meetings:
        where = f" · {conditional_escape(meeting.place.public_area)}" if meeting.place else ""
        items.append(f"<li>{conditional_escape(meeting.recurrence_text)}{where}</li>")
    badge = '<p><span class="badge">Example listing</span></p>\n' if group.is_demo else ""
    if group.check_is_old:
        badge += f'<p class="old-check">{conditional_escape(group.old_check_notice)}</p>\n'
    url, name = conditional_escape(group.get_absolute_url()), conditional_escape(group.name)
    return mark_safe(  # noqa: S308 (every value above is escaped)
        f'<h2><a href="{url}">{name}</a></h2>\n{badge}'
        f'<p>{conditional_escape(group.summary)}</p>\n<ul class="meta">\n'
        + "\n".join(items)
        + "\n</ul>"
    )
