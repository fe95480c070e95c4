from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from search.facets import Facet

register = template.Library()


@register.simple_tag
def facet_options(facet: Facet) -> SafeString:
    """One checkbox per option, with the number of results it would give. An option that
    would give none can't be ticked: it is shown, muted, so the choices keep their places.

    Search pages show dozens of these; built here rather than with template tags, and escaped
    with html.escape (as Django's escape does) rather than a safe string per value, they cost a
    fraction of the time (search pages have a 25 ms budget).
    """
    param = escape(facet.param)
    rows = []
    for option in facet.options:
        value, none = escape(option.value), option.leads_nowhere
        state = " checked" if option.checked else " disabled" if none else ""
        rows.append(
            f'<div class="check{" check-none" if none else ""}">'
            f'<input type="checkbox" id="{param}-{value}" name="{param}" value="{value}"{state}>'
            f' <label for="{param}-{value}">{escape(option.label)}'
            f' <span class="count">({escape(option.count_text)})</span></label></div>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every value above is escaped)
