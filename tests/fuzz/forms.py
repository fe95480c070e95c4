"""The forms a page offers, read from its HTML the way a browser reads them."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # as the browser would send
    names: list[str] = field(default_factory=list)  # every field, sent or not


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(
                Form((attributes.get("method") or "get").lower(), attributes.get("action") or "")
            )
            return
        if not self.forms or tag not in ("input", "select", "textarea", "option", "button"):
            return
        form, name = self.forms[-1], attributes.get("name")
        if tag == "option" and self._select:
            if "selected" in attributes or not any(n == self._select for n, _ in form.fields):
                form.fields.append((self._select, attributes.get("value") or ""))
            return
        if not name:
            return
        form.names.append(name)
        if tag == "select":
            self._select = name
        elif tag == "input" and attributes.get("type") in ("checkbox", "radio"):
            if "checked" in attributes:
                form.fields.append((name, attributes.get("value") or "on"))
        elif tag in ("input", "textarea"):
            form.fields.append((name, attributes.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms
