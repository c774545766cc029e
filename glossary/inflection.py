"""module for English inflection in term recognition: the dictionary forms a word of a text may stand for.

lemminflect (which ships its lemma and inflection tables) gives the verb and noun lemmas of a word: hosted,
hosting and hosts give host; went gives go; leaders gives leader; children gives child. It is imported on first use.
"""

from __future__ import annotations

import functools

# Possessive endings, which lemminflect leaves alone.
_POSSESSIVES = ("'s", "’s", "s'", "s’")


@functools.cache
def _lemmas():
    from lemminflect import getAllLemmas  # lazy: loads its tables (~0.1 s)

    return getAllLemmas


@functools.cache
def _oov():
    from lemminflect import getAllLemmasOOV

    return getAllLemmasOOV


@functools.lru_cache(maxsize=65536)
def base_forms(word: str) -> tuple[str, ...]:
    """The word lower-cased, then the verb and noun lemmas it may be an inflection of, without repeats.

    >>> base_forms("Hosted"), base_forms("Kazakhstan's"), base_forms("children")
    (('hosted', 'host'), ('kazakhstan's', 'kazakhstan'), ('children', 'child'))
    """
    lower = word.lower()
    forms = [lower]
    for ending in _POSSESSIVES:
        if lower.endswith(ending) and len(lower) > len(ending) + 1:
            forms.append(lower[: -len(ending)])
    for form in list(forms):
        if not form.isalpha():
            continue
        lemmas = _lemmas()(form)
        if not lemmas:  # a word lemminflect does not know (Koreans): its rules for nouns
            lemmas = _oov()(form, "NOUN")
        for pos in ("VERB", "NOUN"):
            forms.extend(lemmas.get(pos, ()))
    return tuple(dict.fromkeys(forms))


@functools.lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """The word lower-cased, as a singular noun when it is a plural one (lights → light); verb forms stay as they are
    (requested, tracking), since they say something else than their lemma.

    >>> singular("Lights"), singular("requested"), singular("files")
    ('light', 'requested', 'file')
    """
    lower = word.lower()
    if not lower.isalpha():
        return lower
    lemmas = _lemmas()(lower)
    if not lemmas:  # a word lemminflect does not know (templates): its rules for nouns
        lemmas = _oov()(lower, "NOUN")
    nouns = lemmas.get("NOUN", ())
    return nouns[0] if nouns else lower


# English suffixes of nouns made from verbs (cooperation, establishment, assistance, proposal, meeting).
_DEVERBAL = ("tion", "sion", "ment", "ance", "ence", "al", "ing", "ure", "ysis")


@functools.lru_cache(maxsize=4096)
def names_action(en: str) -> bool:
    """True when an English rendering names an action: its last word is a verb or a noun made from one.

    Korean 협력하다, 방문하다, 사과하다 are a noun and the deriving 하다; whether the noun of a glossary entry is the
    noun in such a verb depends on its sense, which its English tells: 협력 "cooperation" and 방문 "visit" are, 사과
    "apple" is not (사과했다 is "apologised").

    >>> names_action("cooperation"), names_action("visit"), names_action("apple")
    (True, True, False)
    """
    words = en.lower().split()
    if not words:
        return False
    last = words[-1].strip(".,;:()'\"")
    return last.endswith(_DEVERBAL) or "VERB" in _lemmas()(last)
