from django import template

from groups import listing_page

register = template.Library()

# A phone number as tel: and sms: links want it (groups.listing_page.dial).
register.filter("dial", listing_page.dial)
