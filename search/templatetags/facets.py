from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from search.facets import Facet

register = template.Library()


@register.simple_tag
def facet_options(facet: Facet) -> SafeString:
    """One checkbox per option, with the number of results it would give. An option that
    would give none can't be ticked: it is shown, muted, so the choices keep their places.

    Search pages show dozens of these; built here rather than with template tags, they cost a
    fraction of the time (search pages have a 25 ms budget).
    """
    return format_html_join(
        "\n",
        '<div class="check{5}"><input type="checkbox" id="{0}-{1}" name="{0}" value="{1}"{2}>'
        ' <label for="{0}-{1}">{3} <span class="count">({4})</span></label></div>',
        (
            (
                facet.param,
                option.value,
                # Plain words: escaping leaves them as they are.
                " checked" if option.checked else " disabled" if option.leads_nowhere else "",
                option.label,
                option.count_text,
                " check-none" if option.leads_nowhere else "",
            )
            for option in facet.options
        ),
    )
