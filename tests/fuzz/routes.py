"""Every URL pattern of the site, found in the URL conf, with the values its path needs.

Nothing here lists pages by hand: a page added later is found and fuzzed like the rest.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    pattern: str  # as written in the URL conf, e.g. "lists/<int:pk>/items/<int:item_pk>/note/"
    name: str  # "namespace:name"
    parameters: tuple[str, ...]  # names of the path's parameters, in order

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    def __str__(self) -> str:
        return self.name or self.pattern


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>")


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            names = tuple(a or b for _, a, b in PARAMETER.findall(pattern))
            yield Route(pattern, f"{namespace}{entry.name or ''}", names)


def all_routes() -> list[Route]:
    return list(walk(get_resolver().url_patterns))


def fill(route: Route, values: dict[str, str]) -> str:
    """The route's path with each parameter replaced by its value."""
    path = "/" + route.pattern.replace("^", "").replace("$", "")
    for name in route.parameters:
        path = re.sub(
            r"<(?:\w+:)?" + name + r">|\(\?P<" + name + r">[^)]*\)", values[name], path, count=1
        )
    path = path.replace("\\", "")
    return path
