"""A resource as library results show it, built in Python for the same reason as the group
cards (groups.templatetags.group_cards): a page of cards costs a fraction of a template's time.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

register = template.Library()


@register.simple_tag
def resource_card(resource) -> SafeString:
    """A resource in the results: title (matching words marked), type, publisher, year,
    language when not English, and the matching snippet or the start of the summary."""
    facts = [resource.get_kind_display(), resource.publisher, resource.year]
    other_language = resource.language != "en"
    if other_language:
        facts.append(resource.get_language_display())
    items = "\n".join(f"<li>{conditional_escape(fact)}</li>" for fact in facts if fact)
    title = getattr(resource, "title_html", "") or resource.title
    text = getattr(resource, "snippet", "") or Truncator(resource.summary).words(40)
    lang = f' lang="{conditional_escape(resource.language)}"' if other_language else ""
    url = resource.get_absolute_url()
    return mark_safe(  # noqa: S308 (every value above is escaped)
        f'<h3><a href="{conditional_escape(url)}">{conditional_escape(title)}</a></h3>\n'
        f'<ul class="meta">\n{items}\n</ul>\n<p{lang}>{conditional_escape(text)}</p>'
    )
