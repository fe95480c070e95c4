from django import template

register = template.Library()


@register.filter
def dial(number: str) -> str:
    """A phone number as tel: and sms: links want it: digits and a leading plus only."""
    return "".join(char for char in number if char.isdigit() or char == "+")
