"""In-memory implementations of the sync ports and a tiny fake town hall for MockTransport."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import zlib
from dataclasses import dataclass, field
from typing import Any

import httpx

from sync.ports import CatalogFile, OutboxEntry, OutboxPart
from sync.protocol import Visit


@dataclass
class MemoryStore:
    """`sync.ports.LocalStore` in memory."""

    entries: list[OutboxEntry] = field(default_factory=list)
    parts: dict[tuple[str, str], bytes] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    receipts: dict[str, tuple[str, str]] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    templates: dict[tuple[str, str], str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    version: int = 0
    etag: str | None = None
    document: str | None = None
    expires: dt.datetime | None = None
    stale: bool = False
    visits: list[Visit] | None = None
    token: str | None = None
    wiped: bool = False
    unlocked: bool = True
    purged: int = 0

    def add(self, entry: OutboxEntry, parts: dict[str, bytes]) -> None:
        self.entries.append(entry)
        for part_id, data in parts.items():
            self.parts[(entry.submission_id, part_id)] = data

    # outbox
    def pending(self) -> list[OutboxEntry]:
        return [
            e
            for e in self.entries
            if e.submission_id not in self.receipts and e.submission_id not in self.rejected
        ]

    def part_bytes(self, submission_id: str, part_id: str) -> bytes:
        return self.parts[(submission_id, part_id)]

    def mark_attempt_failed(self, submission_id: str, error_code: str) -> None:
        self.failures.append((submission_id, error_code))

    def mark_rejected(self, submission_id: str, message: str) -> None:
        self.rejected[submission_id] = message

    def record_receipt(
        self, submission_id: str, draft_id: str, reference: str, received_at: dt.datetime
    ) -> None:
        self.receipts[submission_id] = (draft_id, reference)

    def receipts_done(self) -> None:
        self.purged += 1

    # catalog
    def catalog_version(self) -> int:
        return self.version

    def catalog_expires_at(self) -> dt.datetime | None:
        return self.expires

    def manifest_etag(self) -> str | None:
        return self.etag

    def has_template(self, template_id: str, version: str, sha256: str) -> bool:
        text = self.templates.get((template_id, version))
        return text is not None and hashlib.sha256(text.encode()).hexdigest() == sha256

    def has_catalog_file(self, sha256: str) -> bool:
        return sha256 in self.files

    def install_catalog(
        self,
        *,
        catalog_version: int,
        document: str,
        signature: str,
        etag: str | None,
        templates: list[tuple[str, str, str]],
        files: list[CatalogFile],
    ) -> None:
        for item in files:
            self.files[item.sha256] = item.data
        for template_id, version, text in templates:
            self.templates[(template_id, version)] = text
        self.version = catalog_version
        self.document = document
        self.etag = etag
        self.expires = dt.datetime.fromisoformat(json.loads(document)["expires_at"])

    def set_catalog_stale(self, stale: bool, reason: str = "") -> None:
        self.stale = stale

    # settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.settings[key] = value

    # visits
    def store_visits(self, visits: list[Visit]) -> bool:
        if not self.unlocked:
            return False
        self.visits = list(visits)
        return True

    # token
    def get_token(self) -> str | None:
        return self.token

    def set_token(self, token: str) -> None:
        self.token = token

    def wipe(self) -> None:
        self.wiped = True


def entry(
    submission_id: str, parts: dict[str, bytes] | None = None, draft_id: str = "d1"
) -> tuple[OutboxEntry, dict[str, bytes]]:
    """An outbox entry with a syntactically valid JWE payload."""
    parts = parts or {}
    return (
        OutboxEntry(
            submission_id=submission_id,
            draft_id=draft_id,
            template_id="testantrag",
            template_version="1.0.0",
            office_id="sozialamt",
            payload="eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.a2V5.aXY.Y2lwaGVy.dGFn",
            created_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC),
            parts=[OutboxPart(p, "application/pdf") for p in parts],
        ),
        parts,
    )


@dataclass
class FakeIntake:
    """Just enough of the intake protocol to test the client's resume logic."""

    fail_patch_after_commit: set[int] = field(default_factory=set)  # PATCH numbers
    fail_patch_before_commit: set[int] = field(default_factory=set)
    reject_put: tuple[int, dict[str, Any]] | None = None
    offsets: dict[tuple[str, str], int] = field(default_factory=dict)
    sizes: dict[tuple[str, str], int] = field(default_factory=dict)
    stored: dict[tuple[str, str], bytearray] = field(default_factory=dict)
    bodies: dict[str, Any] = field(default_factory=dict)
    #: PATCH number → pieces committed before the connection breaks
    cut_after_pieces: dict[int, int] = field(default_factory=dict)
    #: (PATCH number, piece index) arriving with a flipped bit
    corrupt: set[tuple[int, int]] = field(default_factory=set)
    #: submissions the server "forgot" (404 until they are PUT again)
    lost: set[str] = field(default_factory=set)
    #: the receipt names another submission (a broken or hostile server)
    foreign_receipt: bool = False
    patches: int = 0
    requests: list[str] = field(default_factory=list)
    _serial: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def receipt(self, sid: str) -> dict[str, str]:
        """The receipt the fake town hall gives."""
        other = "9" * 8 + sid[8:]
        return {
            "submission_id": other if self.foreign_receipt else sid,
            "reference": "SOZ-2026-000001",
            "received_at": "2026-03-01T09:00:00Z",
        }

    def _patch(self, request: httpx.Request, key: tuple[str, str]) -> httpx.Response:
        """A streamed upload, stored piece by piece like the real intake."""
        self.patches += 1
        if key[0] in self.lost:
            return httpx.Response(404, json={"error": "not_found", "message": "weg"})
        if self.patches in self.fail_patch_before_commit:
            raise httpx.ReadError("cut before commit")
        offset = int(request.headers["Upload-Offset"])
        if offset != self.offsets[key]:
            return httpx.Response(
                409, json={"error": "offset_mismatch", "message": "x", "offset": self.offsets[key]}
            )
        size = int(request.headers.get("Upload-Piece-Size", "1048576"))
        crcs = request.headers.get("Upload-Piece-Checksums", "crc32 ").split(" ", 1)[1].split(",")
        body = request.content
        pieces = [body[i : i + size] for i in range(0, len(body), size)]
        for index, piece in enumerate(pieces):
            if self.cut_after_pieces.get(self.patches) == index:
                raise httpx.ReadError("cut mid-stream")
            data = bytes(piece)
            if (self.patches, index) in self.corrupt:
                data = bytes([data[0] ^ 1]) + data[1:]
            if f"{zlib.crc32(data):08x}" != crcs[index]:
                at = self.offsets[key]
                return httpx.Response(
                    422,
                    json={"error": "piece_checksum_mismatch", "message": "x", "offset": at},
                )
            self.stored[key] += data
            self.offsets[key] += len(data)
        if self.patches in self.fail_patch_after_commit:
            raise httpx.ReadError("answer lost")
        headers = {"Upload-Offset": str(self.offsets[key])}
        done = all(self._done(k) for k in self.sizes if k[0] == key[0])
        if done and request.headers.get("Submission-Complete") == "1":
            return httpx.Response(200, json=self.receipt(key[0]), headers=headers)
        return httpx.Response(204, headers=headers)

    def _done(self, key: tuple[str, str]) -> bool:
        return self.offsets[key] == self.sizes[key]

    def handler(self, request: httpx.Request) -> httpx.Response:
        """Answer one request; one at a time, as the delivery uses two connections."""
        with self._serial:
            return self._answer(request)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        parts = request.url.path.split("/")
        if request.url.path == "/v1/health":
            return httpx.Response(
                200,
                json={"status": "ok", "api_version": "v1", "server_time": "2026-03-01T09:00:00Z"},
            )
        if request.method == "PUT":
            if self.reject_put is not None:
                return httpx.Response(self.reject_put[0], json=self.reject_put[1])
            sid = parts[3]
            self.lost.discard(sid)
            body = json.loads(request.content)
            self.bodies.setdefault(sid, body)
            assert self.bodies[sid] == body, "a repeated PUT must be byte-identical"
            states = []
            for a in body["attachments"]:
                key = (sid, a["id"])
                self.sizes[key] = a["size"]
                self.offsets.setdefault(key, 0)
                self.stored.setdefault(key, bytearray())
                states.append(
                    {
                        "id": a["id"],
                        "size": a["size"],
                        "offset": self.offsets[key],
                        "complete": self.offsets[key] == a["size"],
                    }
                )
            answer: dict[str, Any] = {"submission_id": sid, "attachments": states}
            if not states and request.headers.get("Submission-Complete") == "1":
                answer["receipt"] = self.receipt(sid)
            return httpx.Response(200, json=answer)
        if request.method == "HEAD":
            key = (parts[3], parts[5])
            if parts[3] in self.lost:
                return httpx.Response(404)
            return httpx.Response(200, headers={"Upload-Offset": str(self.offsets[key])})
        if request.method == "PATCH":
            return self._patch(request, (parts[3], parts[5]))
        if request.method == "POST" and parts[-1] == "complete":
            if parts[3] in self.lost:
                return httpx.Response(404, json={"error": "not_found", "message": "weg"})
            missing = [k[1] for k in self.sizes if k[0] == parts[3] and not self._done(k)]
            if missing:  # as the real intake: a receipt only when every part is in
                return httpx.Response(
                    409,
                    json={"error": "attachments_incomplete", "message": "x", "missing": missing},
                )
            return httpx.Response(200, json=self.receipt(parts[3]))
        if request.url.path == "/v1/visits":
            return httpx.Response(200, json={"visits": []})
        if request.url.path == "/v1/devices/me/status":
            return httpx.Response(200, json={"server_time": "2026-03-01T09:00:00Z", "actions": []})
        return httpx.Response(404, json={"error": "not_found", "message": "nicht da"})
