"""module that names the current schema: every table, column set, full-text index and key-count table that the
store layer (``kotm.store``, ``kotm.queries``, ``kotm.changelog``, ``kotm.history``) reads and writes.

Nothing above the store layer names a table. The migrations that build this schema are ``kotm.migrations``, which
keep their own names: they describe the past, this module the present.
"""

from __future__ import annotations

SEGMENTS, TERMS = "segments", "terms"
TABLES = (SEGMENTS, TERMS)
SINGULAR = {SEGMENTS: "segment", TERMS: "term"}
CHANGES, CHANGE_ROWS = "changes", "change_rows"
# Versions of what the store derives with live code (kotm.keys.ANALYSIS_VERSION), by name.
SETTINGS = "_kotm_settings"

# What a person may change with an edit.
EDITABLE = ("ko", "en", "note", "domain", "source")
# A term's status (kotm.units.TERM_STATUSES) is editable too.
EDITABLE_BY_TABLE = {SEGMENTS: EDITABLE, TERMS: (*EDITABLE, "status")}
# Metadata columns every unit has, in the order rows are written.
META = ("source", "domain", "note", "creator", "created", "changed", "changer", "props")
# The columns of the rows that store.segment_rows and store.term_rows make, in their order (the id is given when
# written).
COLUMNS = {
    SEGMENTS: ("ko", "en", *META, "ko_markup", "en_markup", "pair_key", "source_lang"),
    TERMS: ("ko", "en", "ko_key", *META, "pair_key", "ko_lemma", "source_lang", "status"),
}
# The order in which each table's units are exported and streamed.
ORDER = {SEGMENTS: "id", TERMS: "ko, en, id"}


def ko_fts(table: str) -> str:
    """The Korean index of a table: contentless, detail=none, over kotm.korean.index_keys (Hangul bigrams)."""
    return f"{table}_ko_fts"


def en_fts(table: str) -> str:
    """The English index of a table: external content, Porter-stemmed, with positions (concordance, look-up)."""
    return f"{table}_en_fts"


# The English keys of the segments that fuzzy matching reads (kotm.keys.en_keys: words and pairs of words).
SEGMENTS_EN_KEYS_FTS = "segments_en_keys_fts"
# The indexes whose keys fuzzy matching reads, and the tables counting how many segments hold each key, per side.
KEY_FTS = {"ko": ko_fts(SEGMENTS), "en": SEGMENTS_EN_KEYS_FTS}
KEY_COUNTS = {"ko": "segments_ko_keys", "en": "segments_en_keys"}
# Every full-text index of the segments (merged once at the end of a bulk import).
SEGMENT_INDEXES = (ko_fts(SEGMENTS), en_fts(SEGMENTS), SEGMENTS_EN_KEYS_FTS)
