from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from search.facets import Facet

register = template.Library()


@register.simple_tag
def facet_options(facet: Facet) -> SafeString:
    """One checkbox per option, with the number of results it would give.

    Search pages show dozens of these; built here rather than with template tags, they cost a
    fraction of the time (search pages have a 25 ms budget).
    """
    return format_html_join(
        "\n",
        '<div class="check"><input type="checkbox" id="{0}-{1}" name="{0}" value="{1}"{2}>'
        ' <label for="{0}-{1}">{3} <span class="count">({4})</span></label></div>',
        (
            (
                facet.param,
                option.value,
                mark_safe(" checked") if option.checked else "",
                option.label,
                option.count_text,
            )
            for option in facet.options
        ),
    )
