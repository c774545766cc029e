"""Round-trip properties: any pair of texts kotm can store survives write → read unchanged, in every format."""

import io
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kotm.formats import ReadStats, module
from kotm.units import Segment, Term

# Everything XML 1.0 can hold (no C0 controls but tab/LF/CR, no surrogates, no U+FFFE/U+FFFF).
chars = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])),
)
tricky = st.sampled_from(
    [
        "\n",
        "\t",
        "\r\n",
        "\xa0",
        "😀",
        "<",
        "&",
        '"',
        "'",
        "<b>",
        "&amp;",
        "#",
        "\\n",
        ",",
        " ",
    ]
)
texts = st.lists(st.one_of(chars, tricky), min_size=1, max_size=30).map("".join)


def stored(text: str) -> str:
    """The form in which kotm stores text: NFC, no outer whitespace."""
    return unicodedata.normalize("NFC", text).strip()


korean = st.tuples(texts, st.sampled_from("한국어협력가힣"), texts).map(lambda t: stored(t[0] + t[1] + t[2]))
english = texts.map(stored).filter(bool)


@pytest.mark.parametrize("fmt", ["tmx", "po", "tbx", "tsv", "csv"])
@settings(max_examples=150, deadline=None)
@given(pairs=st.lists(st.tuples(korean, english), min_size=1, max_size=5))
def test_round_trip(fmt, pairs):
    cls = Term if fmt == "tbx" else Segment
    if fmt == "tbx":  # the TBX writer groups a Korean term's renderings, so it takes them ordered by Korean
        pairs = sorted(pairs, key=lambda p: p[0])
    units = [cls(ko, en) for ko, en in pairs]
    options = {"dialect": "csv"} if fmt == "csv" else {}
    out = io.BytesIO()
    module(fmt).write(units, out, **options)
    stats = ReadStats()
    back = list(module(fmt).read(io.BufferedReader(io.BytesIO(out.getvalue())), stats, **options))
    assert [(u.ko, u.en) for u in back] == pairs
