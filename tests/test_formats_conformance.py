"""The conformance suite every reader and writer passes (after translate-toolkit's TestTranslationStore)."""

import io

import pytest

from kotm.errors import FormatError
from kotm.formats import ReadStats, module
from kotm.units import Segment, Term

FORMATS = ["tmx", "po", "tbx", "tsv", "csv"]


def write_read(fmt, units):
    out = io.BytesIO()
    options = {"dialect": "csv"} if fmt == "csv" else {}
    count = module(fmt).write(units, out, **options)
    assert count == len(units)
    stats = ReadStats()
    back = list(module(fmt).read(io.BufferedReader(io.BytesIO(out.getvalue())), stats, **options))
    return back, stats, out.getvalue()


def unit(fmt, ko, en, **kw):
    return (Term if fmt == "tbx" else Segment)(ko, en, **kw)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(fmt):
    units = [
        unit(fmt, "카자흐스탄", "Kazakhstan", domain="place"),
        unit(fmt, "정상회담", "summit", domain="diplomacy"),
        unit(fmt, "정상회담", "summit meeting", domain="diplomacy"),
    ]
    back, stats, _ = write_read(fmt, units)
    assert [(u.ko, u.en) for u in back] == [(u.ko, u.en) for u in units]
    assert stats.units == 3 and not stats.skipped


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty(fmt):
    back, stats, data = write_read(fmt, [])
    assert back == [] and stats.units == 0
    assert data  # a header, never a zero-byte file


@pytest.mark.parametrize("fmt", FORMATS)
def test_xml_special_characters_and_emoji(fmt):
    ko = "연구·개발(R&D) <b>예산</b>은 5<10 & \"중요\" '인용' 🇰🇷 😀 𝐀"
    en = "R&D <b>budget</b> 5<10 & \"important\" 'quoted' 🇰🇷 😀 &amp; &lt;"
    back, _, _ = write_read(fmt, [unit(fmt, ko, en)])
    assert [(u.ko, u.en) for u in back] == [(ko, en)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_notes(fmt):
    units = [unit(fmt, "누르술탄", "Nur-Sultan", note="Renamed Astana in 2022; 수도")]
    back, _, _ = write_read(fmt, units)
    assert back[0].note == "Renamed Astana in 2022; 수도"


BAD = {
    "tmx": b'<?xml version="1.0"?>\n<tmx version="1.4"><header/><body>\n<tu><tuv xml:lang="ko"><seg>\xed\x95\x9c</seg></tuv>\n<tuv xml:lang="en"><seg>x</tuv></tu>\n</body></tmx>',
    "po": b'msgid ""\nmsgstr "Language: ko\\n"\n\nmsgid "Joint declaration\nmsgstr "\xea\xb3\xb5\xeb\x8f\x99 \xec\x84\xa0\xec\x96\xb8"\n',
    "tbx": b'<martif type="TBX-Basic"><text><body>\n<termEntry><langSet xml:lang="ko"><tig><term>\xed\x98\x91\xeb\xa0\xa5</term></tig>\n</langSet></termEntry></bod></text></martif>',
    "tsv": b"ko\ten\n\xed\x98\x91\xeb\xa0\xa5\tcooperation\n\xff\xfe\tbroken\n",
    "csv": b'ko,en\n\xed\x98\x91\xeb\xa0\xa5,cooperation\n"\xed\x95\x9c,"unclosed\n',
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_file_raises_format_error_with_line(fmt):
    options = {"dialect": "csv"} if fmt == "csv" else {}
    with pytest.raises(FormatError) as e:
        list(module(fmt).read(io.BufferedReader(io.BytesIO(BAD[fmt])), path=f"bad.{fmt}", **options))
    assert e.value.line is not None and e.value.line >= 2
    assert str(e.value).startswith(f"bad.{fmt}:{e.value.line}: ")
    assert "\n" not in str(e.value)
