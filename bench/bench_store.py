"""Encrypted store: saving one answer, unlocking, searching 5,000 drafts.

Baselines run in the same process on the same disk: the same DraftStore code over a
PLAIN SQLite file (sqlcipher3 without a key is stock SQLite, so the only difference is
the encryption), and for unlock, opening a plain file.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as dbapi

from bench.harness import Result, median, ms, percentile, samples
from koffer.store import DraftStore, Profile, ProfilePaths
from koffer.store import profile as profile_module
from koffer.store._sqlcipher import DRAFTS_FORMAT, CipherFormat
from koffer.store.keys import DEFAULT_KDF, derive_drafts_key
from koffer.store.migrations import DRAFTS_STEPS, migrate
from tests.helpers.keyring_backends import MemoryKeyring

TITLE = "Encrypted local store (koffer.store, SQLCipher)"
PASSPHRASE = "Benchmark Kennwort 2026"
SAVES = 400
DRAFTS = 5000
FIRST = [
    "Anna",
    "Bernd",
    "Jürgen",
    "Özlem",
    "Marie",
    "Hans",
    "Fatma",
    "Lena",
    "Paul",
    "Erika",
    "Karl",
    "Ingrid",
    "Mehmet",
    "Ursula",
    "Dieter",
    "Agnieszka",
    "Klaus",
    "Renate",
    "Ali",
    "Gisela",
    "Heinz",
    "Monika",
    "Wolfgang",
    "Helga",
    "Sergej",
    "Elif",
    "Gerda",
    "Otto",
]
LAST = [
    "Müller",
    "Schmidt",
    "Weiß",
    "Yılmaz",
    "Becker",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Wolf",
    "Schneider",
    "Fischer",
    "Meyer",
    "Wagner",
    "Schulz",
    "Bauer",
    "Richter",
    "Klein",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Kaya",
    "Nowak",
    "Kowalski",
]
TITLES = [
    "Wohngeld",
    "Grundsicherung im Alter",
    "Schwerbehindertenausweis",
    "Rundfunkbeitrag",
    "Hilfe zur Pflege",
    "Wohnberechtigungsschein",
    "Bildung und Teilhabe",
    "Elterngeld",
    "Kinderzuschlag",
    "Blindenhilfe",
    "Pflegewohngeld",
    "Sozialpass",
    "Bürgergeld",
]
#: What staff type into the search box: parts of names, of form titles, both.
QUERIES = [
    "müller",
    "wohngeld",
    "özlem schä",
    "grundsicherung yilmaz",
    "ko",
    "krüger anna",
    "pflege",
    "kowal",
    "hartmann elterngeld",
    "agn",
]


class PlainConnection:
    """The store's Connection interface over an UNENCRYPTED file (baseline only)."""

    def __init__(self, path: Path, synchronous: str = "FULL") -> None:
        self.path = path
        self._lock = threading.RLock()
        self._raw = dbapi.connect(str(path), isolation_level=None, check_same_thread=False)
        for pragma in (
            "busy_timeout = 5000",
            "foreign_keys = ON",
            "secure_delete = ON",
            "temp_store = MEMORY",
            "journal_mode = WAL",
            f"synchronous = {synchronous}",
        ):
            self._raw.execute(f"PRAGMA {pragma}")
        self.closed = False

    def execute(self, sql: str, params: Any = ()) -> Any:
        with self._lock:
            return self._raw.execute(sql, params)

    def query(self, sql: str, params: Any = ()) -> list[Any]:
        with self._lock:
            return list(self._raw.execute(sql, params).fetchall())

    def query_one(self, sql: str, params: Any = ()) -> Any:
        with self._lock:
            return self._raw.execute(sql, params).fetchone()

    def pragma(self, statement: str) -> Any:
        row = self.query_one(f"PRAGMA {statement}")
        return None if row is None else row[0]

    @contextmanager
    def transaction(self) -> Iterator[PlainConnection]:
        with self._lock:
            self._raw.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self._raw.execute("ROLLBACK")
                raise
            self._raw.execute("COMMIT")

    def close(self) -> None:
        self.closed = True
        self._raw.close()


def _plain_store(path: Path, synchronous: str = "FULL") -> DraftStore:
    conn = PlainConnection(path, synchronous)
    migrate(conn, DRAFTS_STEPS)  # type: ignore[arg-type]
    assert path.read_bytes()[:15] == b"SQLite format 3"
    return DraftStore(conn)  # type: ignore[arg-type]


def _typical_draft(store: DraftStore) -> str:
    """A draft with ~60 answers and a household of 4 (a realistic answers document)."""
    draft = store.create_draft("wohngeld", "2.0.0", "Anna Müller", form_title="Wohngeld")
    answers: dict[str, Any] = {f"feld_{i}": f"Antwort Nummer {i}" for i in range(60)}
    answers["haushalt"] = [{"name": f"Person {i}", "einkommen": "1234.50"} for i in range(4)]
    store.set_answers(draft.id, answers)
    return draft.id


def _paired(fns: list[Any], repeat: int, warmup: int = 10) -> list[list[float]]:
    """Time several functions in alternation, so load changes hit all of them alike."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    out: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for times, fn in zip(out, fns, strict=True):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return out


def _fsync_probe(path: Path) -> Any:
    """The floor of any durable commit on this disk: write 4 KiB, fsync."""
    block = b"\0" * 4096

    def probe() -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.write(fd, block)
            os.fsync(fd)
        finally:
            os.close(fd)

    return probe


def _saver(store: DraftStore) -> Any:
    draft_id = _typical_draft(store)
    counter = iter(range(10**9))

    def save() -> None:
        n = next(counter)
        store.set_answer(draft_id, f"haushalt[{n % 4}].einkommen", f"{n}.00")

    return save


def _searcher(store: DraftStore) -> Any:
    queries = iter(QUERIES * 10_000)
    return lambda: store.list_drafts(next(queries))


def _fill(store: DraftStore, rng: random.Random) -> None:
    """5,000 drafts, each with a ~3 KB answers document (written in one transaction)."""
    conn = store.connection
    now = "2026-03-01T09:00:00.000000+00:00"
    doc = json.dumps({f"feld_{i}": f"Antwort Nummer {i} " * 2 for i in range(60)})
    with conn.transaction():
        for _ in range(DRAFTS):
            draft_id = str(uuid.uuid4())
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            conn.execute(
                "INSERT INTO drafts (id, template_id, template_version, citizen_name, status, "
                "created_at, updated_at, form_title) "
                "VALUES (?, 't', '1.0.0', ?, 'draft', ?, ?, ?)",
                (draft_id, name, now, now, rng.choice(TITLES)),
            )
            conn.execute("INSERT INTO draft_answers (draft_id, doc) VALUES (?, ?)", (draft_id, doc))


def drafts_format_from_env() -> None:
    """`KOFFER_BENCH_DRAFTS_PAGE_SIZE` / `KOFFER_BENCH_DRAFTS_HMAC`: new profiles' drafts.db
    in another SQLCipher format, to compare candidates for `DRAFTS_FORMAT` in the same
    bench (docs/store.md). Unset: the format the app uses."""
    page = os.environ.get("KOFFER_BENCH_DRAFTS_PAGE_SIZE")
    hmac = os.environ.get("KOFFER_BENCH_DRAFTS_HMAC")
    if page or hmac:
        current = DRAFTS_FORMAT
        chosen = CipherFormat(int(page) if page else current.page_size, hmac or current.hmac)
        setattr(profile_module, "DRAFTS_FORMAT", chosen)  # noqa: B010 (the one switch)


def run() -> list[Result]:
    drafts_format_from_env()
    tmp = Path(tempfile.mkdtemp(prefix="koffer-bench-"))
    results: list[Result] = []
    load_before = os.getloadavg()[0]
    try:
        backend = MemoryKeyring()
        profile = Profile(ProfilePaths(tmp / "profil"), backend, kdf=DEFAULT_KDF)
        enc = profile.create("Bench", PASSPHRASE)
        plain = _plain_store(tmp / "plain.db")
        plain_normal = _plain_store(tmp / "plain-normal.db", "NORMAL")

        # 1. one answer = one committed transaction (synchronous=FULL on both)
        enc_s, plain_s, normal_s, fsync_s = _paired(
            [_saver(enc), _saver(plain), _saver(plain_normal), _fsync_probe(tmp / "probe")],
            repeat=SAVES,
        )
        for label, pct in (("p50", 50), ("p99", 99)):
            e, p = ms(percentile(enc_s, pct)), ms(percentile(plain_s, pct))
            results.append(
                Result(
                    f"save one answer, {label} (drafts.db, synchronous=FULL)",
                    e,
                    "ms",
                    target="p99 < 10 ms, ratio < 1.5" if label == "p99" else "ratio < 1.5",
                    baseline_name="plain SQLite, same code",
                    baseline_value=p,
                    met=(e < 10 if label == "p99" else True) and e / p < 1.5,
                    notes=(
                        f"{SAVES} saves, interleaved; the disk itself (4 KiB write + fsync): "
                        f"{ms(percentile(fsync_s, pct)):.3g} ms; plain SQLite with "
                        f"synchronous=NORMAL (not durable on power loss): "
                        f"{ms(percentile(normal_s, pct)):.3g} ms"
                    ),
                )
            )

        # 2. unlock = Argon2id + HKDF + open + schema check + housekeeping
        profile.close()
        unlock_times = []
        for _ in range(7):
            again = Profile(ProfilePaths(tmp / "profil"), backend)
            start = time.perf_counter()
            again.unlock(PASSPHRASE)
            unlock_times.append(time.perf_counter() - start)
            again.close()
        kdf_times = samples(
            lambda: derive_drafts_key(PASSPHRASE, bytes(32), bytes(16), DEFAULT_KDF),
            repeat=7,
            warmup=1,
        )
        plain.close()

        def open_plain() -> None:
            conn = dbapi.connect(str(tmp / "plain.db"))
            conn.execute("SELECT count(*) FROM drafts").fetchone()
            conn.close()

        open_s = samples(open_plain, repeat=7, warmup=1)
        u = median(unlock_times)
        results.append(
            Result(
                "unlock (Argon2id + open drafts.db + device.db)",
                u,
                "s",
                target="< 0.5 s",
                baseline_name="open plain SQLite file",
                baseline_value=median(open_s),
                met=u < 0.5,
                notes=(
                    f"Argon2id m={DEFAULT_KDF.memory_kib // 1024} MiB, t={DEFAULT_KDF.time_cost}, "
                    f"p={DEFAULT_KDF.parallelism} alone: {median(kdf_times):.3g} s"
                ),
            )
        )

        # 3. FTS5 search over 5,000 drafts
        search_profile = Profile(ProfilePaths(tmp / "profil"), backend)
        enc = search_profile.unlock(PASSPHRASE)
        rng = random.Random(5000)
        _fill(enc, rng)
        plain_search = _plain_store(tmp / "plain-search.db")
        _fill(plain_search, random.Random(5000))
        hits = [len(enc.list_drafts(q)) for q in QUERIES]
        enc_q, plain_q = _paired(
            [_searcher(enc), _searcher(plain_search)], repeat=20 * len(QUERIES)
        )
        for label, pct in (("p50", 50), ("p99", 99)):
            e, p = ms(percentile(enc_q, pct)), ms(percentile(plain_q, pct))
            results.append(
                Result(
                    f"search 5,000 drafts, {label} (FTS5 trigram)",
                    e,
                    "ms",
                    target="< 20 ms",
                    baseline_name="plain SQLite FTS5",
                    baseline_value=p,
                    met=e < 20,
                    notes=f"{len(QUERIES)} typical queries, {min(hits)} to {max(hits)} hits each"
                    if label == "p50"
                    else "",
                )
            )
        search_profile.close()
        plain_search.close()
        plain_normal.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load = f"machine load average {load_before:.1f} → {os.getloadavg()[0]:.1f} (2 cores, shared)"
    results[-1].notes = load
    return results
