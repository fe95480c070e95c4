"""Links to other sites in a page, read the way the safety rule needs them (docs/safety.md,
rule 3): where they point, their attributes, and what they say on screen and on paper."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ExternalLink:
    """A link to another site in a page's main content, split into what it says where."""

    href: str
    attrs: dict[str, str | None]
    words: str = ""  # the link's own words, shown on screen and on paper
    on_screen: str = ""  # the cue shown on screen (.leaves)
    on_paper: str = ""  # the cue printed instead (.leaves-on-paper)
    _open: list[str] = field(default_factory=list)


class _ExternalLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_main = False
        self.link: ExternalLink | None = None
        self.links: list[ExternalLink] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif tag == "a" and self.in_main and (attrs.get("href") or "").startswith("http"):
            if not attrs["href"].startswith("http://testserver/"):
                self.link = ExternalLink(href=attrs["href"], attrs=attrs)
                self.links.append(self.link)
        elif tag == "span" and self.link:
            self.link._open.append(attrs.get("class") or "")

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif tag == "a":
            self.link = None
        elif tag == "span" and self.link:
            self.link._open.pop()

    def handle_data(self, data):
        if not self.link:
            return
        where = {"leaves": "on_screen", "leaves-on-paper": "on_paper"}
        name = next((where[c] for c in self.link._open if c in where), "words")
        setattr(self.link, name, getattr(self.link, name) + data)


def external_links(html: str) -> list[ExternalLink]:
    """Every link in <main> to another site (the exit links above it are not in <main>)."""
    parser = _ExternalLinks()
    parser.feed(html)
    return parser.links
