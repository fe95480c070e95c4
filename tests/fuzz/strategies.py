"""Hostile values, as hypothesis strategies: what a careless client, a scanner or an attacker
sends to a page."""

import base64
import json
import string

from hypothesis import strategies as st

# Text that must never come back unescaped: when it does, a page echoes input as HTML.
CANARY = '"><fz-canary x=1>'

TSQUERY = ["&", "|", "!", "<->", "<2>", "(", ")", ":*", "'", '"', "\\", "-", "or", "OR"]
CONTROL = [chr(code) for code in range(32)] + ["\x7f", "\u2028", "\ufeff", "\u202e"]

pieces = st.one_of(
    st.text(max_size=20),
    st.sampled_from(TSQUERY),
    st.sampled_from(CONTROL),
    st.just("\x00"),
    st.just(CANARY),
    st.sampled_from(["Atlanta, GA", "30303", "safety", "advocacy", "-0", "NaN", "1e309", "+1"]),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(["javascript:alert(1)", "//evil.example/", "https://evil.example/", "/"]),
)


@st.composite
def hostile_text(draw) -> str:
    text = "".join(draw(st.lists(pieces, max_size=6)))
    if draw(st.integers(0, 9)) == 0:  # now and then, something huge
        text = text + draw(st.sampled_from(["x", "é", "<", "%"])) * draw(st.integers(500, 20_000))
    return text


def cursor_text(values) -> str:
    raw = json.dumps(values)
    return base64.urlsafe_b64encode(raw.encode("utf-8", "surrogatepass")).decode().rstrip("=")


forged_cursor = st.builds(
    cursor_text,
    st.lists(
        st.one_of(
            st.text(max_size=10),
            st.integers(min_value=-(2**70), max_value=2**70),
            st.floats(allow_nan=True, allow_infinity=True),
            st.booleans(),
            st.none(),
            st.sampled_from(["title", "relevance", "newest", "\ud800"]),
        ),
        max_size=5,
    ),
)

value = st.one_of(hostile_text(), forged_cursor)

# Raw query-string pieces that no well-behaved client sends: bad percent-encodings and bytes.
RAW = ["%", "%G0", "%C3%28", "%FF%FE", "%ED%A0%80", "%00", "%E2%80", "&&", "=", "==", "+", ";"]
raw_query = st.lists(
    st.one_of(st.sampled_from(RAW), st.text(alphabet=string.ascii_letters + "=&", max_size=8)),
    max_size=8,
).map("".join)


@st.composite
def query(draw, names: list[str]) -> list[tuple[str, str]]:
    """Parameters for a page: its own names (repeated, missing, or odd), and now and then a
    name of our own."""
    chosen = draw(st.lists(st.sampled_from(names), max_size=6)) if names else []
    if draw(st.booleans()):
        chosen.append(draw(hostile_text()) or "x")
    return [(name, draw(value)) for name in chosen]


CHARSETS = ["utf-8", "latin-1", "utf-16", "iso-8859-15", "koi8-r", "bogus", "utf-7"]
