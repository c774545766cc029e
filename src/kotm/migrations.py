"""module for the schema's history: the migrations that build and upgrade a kotm database, run once each, in order.

Migrations are frozen. Once released, a migration does exactly what it did then, whatever later code does: it
imports nothing from kotm that a later release may change (only ``kotm.db``'s transactions and the logger), and
where it computes keys it uses its own copy of the key functions as they were when it was written
(``_index_keys_v1``, ``_en_keys_v1``). A test upgrades a database written by the first schema.

The current schema, as the store reads and writes it, is named in ``kotm.schema``.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from kotm.db import log, schema_version, writing

if TYPE_CHECKING:
    import sqlite_utils

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []
MIGRATIONS_TABLE = "_kotm_migrations"


def migration(
    fn: Callable[[sqlite_utils.Database], None],
) -> Callable[[sqlite_utils.Database], None]:
    """Register a schema migration; they run once each, in the order they are defined."""
    MIGRATIONS.append(fn)
    return fn


def _stamp() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # when a migration ran: the real time, always


def check(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse a database that a newer kotm wrote, or an SQLite file that some other program owns."""
    from kotm.errors import KotmError

    version = schema_version(db)
    if version > len(MIGRATIONS):
        raise KotmError(
            f"{path} was written by a newer kotm (schema {version}, this kotm knows {len(MIGRATIONS)}); "
            "upgrade kotm to use it"
        )
    tables = db.table_names()
    if tables and MIGRATIONS_TABLE not in tables:
        raise KotmError(f"{path} is an SQLite database but not a kotm one (it holds {', '.join(tables[:3])} …)")


def migrate(db: sqlite_utils.Database) -> None:
    """Apply the migrations the database has not had yet, each in its own transaction.

    A migration that fails leaves the database at the schema before it. What has been applied is read again under
    the write lock, so processes that open an old database at the same moment apply each migration once.
    """

    def applied() -> set[str]:
        if MIGRATIONS_TABLE not in db.table_names():
            return set()
        return {row[0] for row in db.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}

    if {fn.__name__ for fn in MIGRATIONS} <= applied():
        return  # the usual case: nothing to do, and no write lock taken
    with writing(db):
        db.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ([name] TEXT PRIMARY KEY, [applied] TEXT)")
    for n, fn in enumerate(MIGRATIONS, start=1):
        with writing(db):
            if fn.__name__ in applied():
                continue
            fn(db)
            db[MIGRATIONS_TABLE].insert({"name": fn.__name__, "applied": _stamp()})
            db.execute(f"PRAGMA user_version = {n}")


@migration
def m001_segments_and_terms(db: sqlite_utils.Database) -> None:
    meta = {
        "source": str,
        "domain": str,
        "note": str,
        "creator": str,
        "created": str,
        "changed": str,
    }
    # pair_key: a 64-bit hash of the normalised (ko, en) pair; unique, so a pair is never stored twice.
    db["segments"].create(
        {"id": int, "ko": str, "en": str, **meta, "pair_key": int},
        pk="id",
        not_null={"ko", "en"},
    )
    db["segments"].create_index(["pair_key"], unique=True)
    db["segments"].create_index(["source"])
    # ko_key: the Korean with spacing removed, for exact and prefix look-ups of a term.
    db["terms"].create(
        {"id": int, "ko": str, "en": str, "ko_key": str, **meta, "pair_key": int},
        pk="id",
        not_null={"ko", "en"},
    )
    db["terms"].create_index(["pair_key"], unique=True)
    db["terms"].create_index(["ko_key"])
    # How many segments hold each Korean index key, kept at write time: fuzzy matching reads the rarest keys first
    # (fts5vocab would count them by reading each key's whole posting list).
    # The English side has the same, over its lower-cased words (_en_keys_v1).
    for lang in ("ko", "en"):
        db.execute(f"CREATE TABLE segments_{lang}_keys (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
    for table in ("segments", "terms"):
        # Korean: contentless index over Hangul-bigram keys (_index_keys_v1), with a one-character prefix
        # index so a one-syllable query is a look-up, not a scan of every key starting with it (30x faster at 100k
        # segments, for 11 µs more per segment written). English: external content over the table itself,
        # Porter-stemmed so that "cooperate" finds "cooperation".
        db.execute(
            f"CREATE VIRTUAL TABLE {table}_ko_fts USING fts5(keys, content='', tokenize='unicode61', prefix='1')"
        )  # rebuilt without positions by m004
        db.execute(
            f"CREATE VIRTUAL TABLE {table}_en_fts USING fts5(en, content='{table}', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )


@migration
def m002_props_and_markup(db: sqlite_utils.Database) -> None:
    # props: JSON object of the metadata an import brought that has no column of its own (TMX <prop>s and
    # change ids, PO msgctxt, TBX part of speech …), so an export can carry it on. '' when there is none.
    # ko_markup/en_markup: the inner XML of a TMX <seg> that held inline codes; ko/en keep the plain text.
    for table in ("segments", "terms"):
        db[table].add_column("props", str, not_null_default="")
    db["segments"].add_column("ko_markup", str, not_null_default="")
    db["segments"].add_column("en_markup", str, not_null_default="")


@migration
def m003_history(db: sqlite_utils.Database) -> None:
    # The change log (kotm.history): one `changes` row per user action, one `change_rows` row per unit it touched,
    # with the unit's row as JSON before and after (NULL when it did not exist; both NULL for an add, whose values
    # are the row itself until a later change records them as its `before`, which keeps big imports cheap).
    db["changes"].create(
        {"id": int, "action": str, "user": str, "time": str, "summary": str, "undoes": int, "undone_by": int},
        pk="id",
        not_null={"action", "time"},
    )
    db["change_rows"].create(
        {"change_id": int, "tbl": str, "row_id": int, "before": str, "after": str},
        not_null={"change_id", "tbl", "row_id"},
        foreign_keys=[("change_id", "changes", "id")],
    )
    db["change_rows"].create_index(["change_id"])
    db["change_rows"].create_index(["tbl", "row_id", "change_id"])
    for table in ("segments", "terms"):
        db[table].add_column("changer", str, not_null_default="")


@migration
def m004_korean_index_without_positions(db: sqlite_utils.Database) -> None:
    # The Korean index keeps which segments hold each key, not where (detail=none), with the ASCII tokenizer (a key
    # is exactly one token: _index_keys_v1 lower-cases and separates them with single spaces). A query is
    # the AND of its keys and every hit is checked against the text (kotm.korean.hit_pattern), so positions bought
    # nothing but a 2.4 times larger index that cost a third of an import's time. Measured at 100k segments: index
    # 64 → 27 MB, 44 → 31 µs per segment written.
    for table in ("segments", "terms"):
        db.execute(f"DROP TABLE {table}_ko_fts")
        db.execute(
            f"CREATE VIRTUAL TABLE {table}_ko_fts USING fts5(keys, content='', tokenize='ascii', prefix='1', "
            "detail='none')"
        )
        total = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if total > 100_000:
            log.warning(f"re-indexing the Korean of {total:,} {table} (once, for this version)…")
        rows = db.execute(f"SELECT id, ko FROM {table}")
        db.conn.executemany(
            f"INSERT INTO {table}_ko_fts (rowid, keys) VALUES (?, ?)", ((i, _index_keys_v1(ko)) for i, ko in rows)
        )
    # The per-key counts must be those of the index as it is now built: count them again from it.
    db.execute("CREATE VIRTUAL TABLE temp.kotm_m004_vocab USING fts5vocab(main, segments_ko_fts, 'row')")
    db.execute("DELETE FROM segments_ko_keys")
    db.execute("INSERT INTO segments_ko_keys (key, n) SELECT term, doc FROM temp.kotm_m004_vocab WHERE doc > 0")
    db.execute("DROP TABLE temp.kotm_m004_vocab")


@migration
def m005_english_key_index(db: sqlite_utils.Database) -> None:
    # The English keys that fuzzy matching looks up and segments_en_keys counts (_en_keys_v1: lower-cased
    # words, not stemmed, and pairs of words), indexed without positions, as the Korean keys are. segments_en_fts
    # stays for concordance (it needs positions for phrases, and stems); reading it for matching cost 111 ms per
    # English match at 1M segments, most of it the positions of common words.
    db.execute(
        "CREATE VIRTUAL TABLE segments_en_keys_fts USING fts5(keys, content='', tokenize='ascii', detail='none')"
    )
    total = db.execute("SELECT count(*) FROM segments").fetchone()[0]
    if total > 100_000:
        log.warning(f"indexing the English keys of {total:,} segments (once, for this version)…")
    rows = db.execute("SELECT id, en FROM segments")
    db.conn.executemany(
        "INSERT INTO segments_en_keys_fts (rowid, keys) VALUES (?, ?)", ((i, _en_keys_v1(en)) for i, en in rows)
    )
    # The counts held words only: count words and pairs again, from the new index.
    db.execute("CREATE VIRTUAL TABLE temp.kotm_m005_vocab USING fts5vocab(main, segments_en_keys_fts, 'row')")
    db.execute("DELETE FROM segments_en_keys")
    db.execute("INSERT INTO segments_en_keys (key, n) SELECT term, doc FROM temp.kotm_m005_vocab WHERE doc > 0")
    db.execute("DROP TABLE temp.kotm_m005_vocab")


@migration
def m006_index_by_change_time(db: sqlite_utils.Database) -> None:
    # `kotm list` shows the most recently changed units first: without an index SQLite read every row to sort them
    # (1.25 s at 1M segments), with one it reads the first few (0.2 ms). About 37 bytes per unit.
    for table in ("segments", "terms"):
        total = db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
        if total > 100_000:
            log.warning(f"indexing the change times of {total:,} {table} (once, for this version)…")
        db.execute(f"CREATE INDEX {table}_changed ON {table} (changed, id)")


@migration
def m007_term_lemma_keys(db: sqlite_utils.Database) -> None:
    # ko_lemma: the lemma key of a predicate term (개최하다 → "개최/N 하/P"), which recognition looks up to find the
    # term in any conjugation; "" for other terms. It is derived with the live analyser, so this migration does not
    # compute it: it records analysis version 0 in the settings, and the store derives the keys of every term
    # whenever the stored version is not the current one (kotm.store.refresh_analysis).
    db["terms"].add_column("ko_lemma", str, not_null_default="")
    db["terms"].create_index(["ko_lemma"])
    db.execute("CREATE TABLE _kotm_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO _kotm_settings (key, value) VALUES ('analysis_version', '0')")


@migration
def m008_source_lang(db: sqlite_utils.Database) -> None:
    # source_lang: which side of a unit was the source ("ko" or "en"), so that exports go back in the direction the
    # work runs (most Korean localisation is English→Korean). Units stored before: Korean, as kotm then exported
    # them, except TMX units whose srclang was English (the TMX reader kept that in props as "srclang": "en").
    for table in ("segments", "terms"):
        db[table].add_column("source_lang", str, not_null_default="ko")
        db.execute(
            f"UPDATE {table} SET source_lang = 'en' WHERE props != '' AND json_valid(props) "
            "AND json_extract(props, '$.srclang') = 'en'"
        )


@migration
def m009_term_status(db: sqlite_utils.Database) -> None:
    # status: a term's standing in the glossary, as TBX administrativeStatus gives it: "preferred", "admitted",
    # "deprecated", "forbidden", or "" (not said). `kotm check` reports a deprecated or forbidden rendering.
    db["terms"].add_column("status", str, not_null_default="")


# ---- frozen key functions: as kotm 0.1 computed them when m004 and m005 were written. Never change them.

_STREAM_V1 = re.compile(r"[\uac00-\ud7a3](?: ?[\uac00-\ud7a3])*")
_WORD_V1 = re.compile(r"[^\W_\uac00-\ud7a3]+")
_AFTER_END_V1 = re.compile("\x00.")
_EN_WORD_V1 = re.compile(r"[^\W_]+")


def _normalize_v1(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def _index_keys_v1(text: str) -> str:
    """The Korean index keys (every syllable with its successor in a Hangul stream, or alone at its end; other
    words lower-cased), as m004 built the index with them."""
    text = _normalize_v1(text)
    streams = "\x00".join(_STREAM_V1.findall(text)).replace(" ", "")
    pairs = " ".join(map(operator.add, streams, streams[1:] + "\x00"))
    keys = _AFTER_END_V1.sub("", pairs).replace("\x00", "")
    words = _WORD_V1.findall(text)
    if words:
        keys = f"{keys} {' '.join(words).lower()}" if keys else " ".join(words).lower()
    return " ".join(keys.split()) if "  " in keys else keys


def _en_keys_v1(text: str) -> str:
    """The English keys (lower-cased words and pairs of words), as m005 built the index with them."""
    words = _EN_WORD_V1.findall(text.lower())
    return " ".join(words + [a + "\u00b7" + b for a, b in pairwise(words)])
