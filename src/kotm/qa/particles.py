"""module for Korean particle agreement, for the ``particle`` check: 을/를, 이/가, 은/는, 과/와, 으로/로, 이나/나,
이랑/랑, 아/야 take their form from the sound before them.

After a Hangul syllable the form follows its final consonant (서버를, 협력센터는; ㄹ takes 로: 서울로). After digits,
Latin letters and % it follows how they are read: digits in Sino-Korean (3을 "삼을", 10을 "십을", 2를 "이를"),
capitals and single letters by their names (IT는 "아이티는", URL을 "유알엘을", 5G를 "오지를"), % as 퍼센트. After a
closing quote or bracket, the word inside or before it decides ('파일'을, 중앙처리장치(CPU)를). A lower-case English
word is read too many ways (file 파일, code 코드) to judge, and is left alone.

A word that only ends like a particle (국가, 경로, 사이) is not one: a candidate is confirmed with the analyser
(``kotm.korean.morphemes``), which must split the word where the particle starts and read the corrected form there as
a particle of the right kind.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kotm import korean
from kotm.text import compiled

# (after a consonant, after a vowel, the analyser's tags of the particle). 으로 also follows a vowel-final ㄹ: see
# ``_form``.
PAIRS = (
    ("을", "를", ("JKO",)),
    ("이", "가", ("JKS", "JKC")),
    ("은", "는", ("JX",)),
    ("과", "와", ("JKB", "JC")),
    ("으로서", "로서", ("JKB",)),
    ("으로써", "로써", ("JKB",)),
    ("으로부터", "로부터", ("JKB",)),
    ("으로", "로", ("JKB",)),
    ("이나", "나", ("JX", "JC")),
    ("이랑", "랑", ("JKB", "JC")),
    ("아", "야", ("JKV",)),
)
# Particles that may follow 과/와 and 으로/로 in one word: 와의, 으로는, 과도.
_AFTER = ("의", "는", "도", "만")
# Sino-Korean readings of digits, and the final sound of each: C (a consonant), V (a vowel), L (ㄹ).
_DIGIT_SOUND = {"0": "C", "1": "L", "2": "V", "3": "C", "4": "V", "5": "V", "6": "C", "7": "L", "8": "L", "9": "V"}
# 십 백 천 만 … for a number ending in zeros: 10 십(ㅂ), 100 백(ㄱ), 1000 천(ㄴ), 10000 만(ㄴ), 10^8 억(ㄱ).
_ZEROS_SOUND = {1: "C", 2: "C", 3: "C", 4: "C", 5: "C", 6: "C", 7: "C", 8: "C", 12: "C"}
# Letter names: L 엘, M 엠, N 엔 end in a consonant (엘: ㄹ), R 알 (ㄹ); the others in a vowel (에이, 비 …, 에프);
# Z is 지 or 제트.
_LETTER_SOUND = {"L": "L", "M": "C", "N": "C", "R": "L", "Z": "VC"}
# Tags (mecab-ko-dic) of what a particle may follow: nouns, numbers, foreign words, symbols, noun suffixes, roots.
_HOSTS = ("N", "S", "XSN", "XR")
# Common capitals that look like words but are spelled out: API 에이피아이, CPU 씨피유, GUI 지유아이.
_SPELLED = frozenset({"API", "CPU", "GPU", "GUI", "CLI", "IDE", "SDK", "URI", "UI", "OS", "PC", "DB", "ID", "AI"})
_CLOSERS = "'\"’”`)]}」』»"
_OPENERS = {")": "(", "]": "[", "}": "{", "」": "「", "』": "『", "»": "«", "’": "‘", "”": "“"}
# Capitals read as English words although they hold no consonant-vowel pair.
_WORD_SOUND = {"OR": "V", "AND": "V", "XOR": "V", "NOR": "V", "NAND": "V"}
# English readings of digits after Latin letters (IPv6 식스, POP3 쓰리, UTF-8 에이트 or 팔): one 원, seven 세븐,
# nine 나인, ten 텐 end in ㄴ; the others in a vowel.
_ENGLISH_DIGIT_SOUND = {"1": "C", "7": "C", "9": "C"}


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A particle that does not agree with the sound before it: where it is, what it says, the right form."""

    start: int
    end: int
    text: str
    suggestion: str
    word: str  # the word with the particle corrected (서버를)
    host: str  # what the particle follows, as the text writes it (서버, 5G, URL)


def _syllable_sound(ch: str) -> str:
    final = (ord(ch) - 0xAC00) % 28
    return "V" if final == 0 else "L" if final == 8 else "C"


def _number_sound(digits: str) -> str:
    digits = digits.replace(",", "")
    whole, _, fraction = digits.partition(".")
    if fraction:
        return _DIGIT_SOUND[fraction[-1]]
    stripped = whole.rstrip("0")
    zeros = len(whole) - len(stripped)
    if not stripped:  # 0, 00
        return "C"
    if zeros:
        return _ZEROS_SOUND.get(zeros, "C")
    return _DIGIT_SOUND[whole[-1]]


def sound_before(text: str, end: int) -> str | None:
    """How what ends at ``end`` is read: "C" (a final consonant), "L" (ㄹ), "V" (a vowel), several of them when it
    may be read either way, or None when it cannot be told (a lower-case English word, a symbol).

    >>> sound_before("서버", 2), sound_before("서울", 2), sound_before("URL", 3), sound_before("10", 2)
    ('V', 'L', 'L', 'C')
    """
    if end <= 0:
        return None
    ch = text[end - 1]
    if korean.is_syllable(ch):
        return _syllable_sound(ch)
    if ch == "\\":  # reStructuredText's escaped space before a particle (:func:`len`\\을)
        return sound_before(text, end - 1)
    if ch in _CLOSERS:
        opener = _OPENERS.get(ch, ch)
        begin = text.rfind(opener, 0, end - 1)
        if begin < 0 or begin == end - 2 or ch in text[begin + 1 : end - 1] or opener in text[begin + 1 : end - 1]:
            return None  # unbalanced or nested: too tangled to read
        if ch in ")]}":
            # A bracket attached to a word: the particle goes with the word (중앙처리장치(CPU)를 "중앙처리장치를").
            return sound_before(text, begin) if begin > 0 and not text[begin - 1].isspace() else None
        return sound_before(text, end - 1)
    if ch == "%":
        return "V"  # 퍼센트
    if ch.isdigit() and ch.isascii():
        m = compiled(r"[\d,.]*\d$").search(text, 0, end)
        if not m:
            return None
        before = text[m.start() - 1] if m.start() else ""
        if before and before in "/:":  # 2/3 "3분의 2", 3:00 "세 시": read otherwise
            return None
        sound = _number_sound(m.group().strip(",."))
        # After a Latin name the digits may be read in English: IPv6 "식스", POP3 "쓰리", OpenGL 3 "쓰리".
        after_name = (
            before in " -" and m.start() > 1 and text[m.start() - 2].isascii() and text[m.start() - 2].isalpha()
        )
        if (before.isascii() and before.isalpha()) or after_name:
            sound += _ENGLISH_DIGIT_SOUND.get(ch, "V") if "." not in m.group() else ""
        return "".join(dict.fromkeys(sound))
    if ch.isascii() and ch.isalpha():
        m = compiled(r"[A-Za-z]+$").search(text, 0, end)
        word = m.group()
        caps = compiled(r"[A-Z]+$").search(word)
        if caps and m.start() > 0 and text[m.start() - 1] == "_" and caps.group() not in _SPELLED:
            return None  # a word of a SNAKE_CASE constant is read as a word (ROUND_HALF_UP 업), not spelled out
        if len(word) == 1 or (caps and len(caps.group()) >= 2):
            # Capitals read letter by letter (URL 유알엘, IT 아이티), unless they can be read as a word: a consonant
            # then a vowel (GET 겟, IDLE 아이들, JSON 제이슨, RESET 리셋), which is left alone.
            if caps and caps.group() in _WORD_SOUND:
                return _WORD_SOUND[caps.group()]
            if caps and caps.group() in _SPELLED:
                return _LETTER_SOUND.get(ch.upper(), "V")
            if len(word) > 2 and compiled(r"[B-DF-HJ-NP-TV-Z][AEIOUY]").search(caps.group() if caps else word):
                return None
            return _LETTER_SOUND.get(ch.upper(), "V")
        return None
    return None


def _form(pair: tuple[str, str, tuple[str, ...]], sound: str) -> str:
    """The right form for a sound; 으로 pairs take the vowel form after ㄹ (서울로), the others the consonant one."""
    consonant, vowel, _ = pair
    if sound == "V":
        return vowel
    if sound == "L":
        return vowel if consonant.startswith("으로") else consonant
    return consonant


# Words ending in one of the particles (and maybe one of _AFTER): the end of a space-delimited word.
def _endings() -> list[tuple[str, tuple[str, str, tuple[str, ...]]]]:
    out = []
    for pair in PAIRS:
        for form in pair[:2]:
            out.append((form, pair))
    return sorted(out, key=lambda x: -len(x[0]))


_ENDINGS = _endings()
_BY_FORM = dict(_ENDINGS)
_WORD_END = r"[^\s]+?(?=[\s.,!?;:)\]\"'’”…·]*(?:\s|$))"


@functools.lru_cache(maxsize=65536)
def _analysis(word: str) -> tuple[tuple[str, int], ...]:
    return tuple((tag, start) for _, tag, start, _ in korean.morphemes(word))


def _confirmed(word: str, offset: int, corrected: str, tags: tuple[str, ...]) -> bool:
    """The analyser splits ``word`` at ``offset`` (the particle is not the end of a longer word, as 가 in 국가), and
    reads the corrected word's particle there with one of ``tags``."""
    analysis = _analysis(word)
    at = [tag for tag, start in analysis if start == offset]
    if not at:
        return False
    # What comes before must be a noun, a number, a letter or a symbol (not a verb stem: 나은, 닫는, 지을 are verbs
    # with an ending), and the form itself no ending.
    before = [tag for tag, start in analysis if start < offset]
    # A verb made a noun by 기 or 음 takes particles as a noun does (쓰기를, 굽기를 지원하는).
    if not before or not (before[-1].startswith(_HOSTS) or before[-1] == "ETN"):
        return False
    if before[-1] == "NP" and offset == 1:
        return False  # a one-syllable "pronoun" is as often a verb stem the analyser misread (얻는, 그을 of 긋다)
    # 이 glued to a noun is no determiner ("this" is a word of its own): 변수이 제거되었기 is 변수가, misspelt.
    determiner = at[0] == "MM" and word[offset] == "이"
    if not (
        at[0].startswith(("J", "N", "VCP")) or determiner or (at[0].startswith("VV") and corrected[offset] == "이")
    ):
        return False  # the form read as an ending or a verb (끝나: 끝나다), not a misspelt particle
    if at[0] == "VCP" and corrected[offset:].startswith("나"):  # 의사이나: the copula and 나 ("is … but"), not 이나
        return False
    return any(start == offset and tag.split("+")[0] in tags for tag, start in _analysis(corrected))


def disagreements(text: str) -> list[Disagreement]:
    """The particles in a Korean text that do not agree with the sound before them, with the right form.

    >>> [(d.text, d.suggestion) for d in disagreements("서버을 켜고 협력센터은 서울으로 간다. 5G을, URL를")]
    [('을', '를'), ('은', '는'), ('으로', '로'), ('을', '를'), ('를', '을')]
    """
    out: list[Disagreement] = []
    for m in compiled(r"\S+").finditer(text):
        word = m.group().rstrip(".,!?;:)]\"'’”…·")
        # Digits after a Latin name may be read in English (OpenGL 3로 "쓰리로"): the name is context for them.
        latin_before = m.start() > 1 and text[m.start() - 1] == " " and text[m.start() - 2].isascii()
        latin_before = latin_before and text[m.start() - 2].isalpha() and word[:1].isdigit()
        if len(word) < 2 or not korean.is_syllable(word[-1]) or _candidate(word, latin_before) is None:
            continue
        # The next word goes to the analyser too: 끝나 is 끝나다 before 버린다, not 끝 and a particle.
        after = compiled(r"\S*(?:\s+\S+)?").match(text, m.start() + len(word)).group()
        found = _disagreement(word, after, latin_before)
        if found is not None:
            offset, form, right, host = found
            start = m.start() + offset
            out.append(
                Disagreement(
                    start, start + len(form), form, right, word[:offset] + right + word[offset + len(form) :], host
                )
            )
    return out


@functools.lru_cache(maxsize=65536)
def _candidate(word: str, latin_before: bool = False) -> tuple[int, str, str, str, str] | None:
    """The particle a word ends with that disagrees with the sound before it, by spelling alone: (offset, form,
    right form, the corrected word, the host); cached, as a text repeats its words."""
    for tail in ("", *_AFTER):
        if tail and not word.endswith(tail):
            continue
        body = word[: len(word) - len(tail)] if tail else word
        for size in (4, 3, 2, 1):  # the longest form first: 으로 before 로, 이나 before 나
            form = body[-size:]
            pair = _BY_FORM.get(form)
            if pair is None or len(body) == size or (tail and pair[0] not in ("과", "으로")):
                continue
            offset = len(body) - size
            if form == "나":  # 나 after a consonant is as often 끝나, 떠나 (a verb) as a misspelt 이나: not judged
                break
            sound = sound_before("A " + body, offset + 2) if latin_before else sound_before(body, offset)
            if not sound or form in {_form(pair, s) for s in sound}:
                break  # agrees (or cannot be told); a particle before a later one may not (협력센터과는)
            right = _form(pair, sound[0])
            return offset, form, right, body[:offset] + right + tail, body[:offset]
    return None


def _disagreement(word: str, after: str = "", latin_before: bool = False) -> tuple[int, str, str, str] | None:
    """``_candidate``, confirmed by the analyser (``_confirmed``) with the word's context."""
    found = _candidate(word, latin_before)
    if found is None:
        return None
    offset, form, right, corrected, host = found
    pair = _BY_FORM[form]
    if not _confirmed(word + after, offset, corrected + after, pair[2]):
        return None
    return offset, form, right, host
