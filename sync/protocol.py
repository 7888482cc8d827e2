"""Wire models shared by the laptop client and the town-hall server (API v1).

This module is the single source of truth for field names, id formats and limits of the
town-hall link (see PROTOCOL.md). The server builds its OpenAPI document from these
models and the client validates every answer with them, so both ends cannot drift apart.
Nothing here touches the network or a database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

API_VERSION = "v1"
API_PREFIX = f"/{API_VERSION}"

# --- limits (the server enforces them, the client respects them) -----------------------

#: Largest JSON body of a submission PUT (the sealed payload dominates it).
MAX_SUBMISSION_BODY_BYTES = 12 * 1024 * 1024
#: Largest sealed payload (JWE compact) of one submission.
MAX_PAYLOAD_CHARS = 10 * 1024 * 1024
#: Largest JSON body of every other JSON endpoint (each has its own, smaller bound).
MAX_SMALL_BODY_BYTES = 64 * 1024
#: Largest body of `POST /enroll` (a code and a name).
MAX_ENROLL_BODY_BYTES = 1024
#: Largest body of the heartbeat.
MAX_STATUS_BODY_BYTES = 2048
#: Largest sealed attachment (a 50 MB file grows by about a third as JWE compact).
MAX_ATTACHMENT_BYTES = 80 * 1024 * 1024
#: Largest body of one PATCH: a whole attachment streams in one request (see pieces).
MAX_CHUNK_BYTES = MAX_ATTACHMENT_BYTES
#: A PATCH body is committed piece by piece: every piece is checked (CRC-32 from the
#: client, `UPLOAD_PIECE_CHECKSUMS_HEADER`) and committed on its own, so a cut resumes at
#: the last committed piece and a corrupt piece is sent again alone (tus "checksum").
DEFAULT_PIECE_BYTES = 1024 * 1024
MIN_PIECE_BYTES = 64 * 1024
MAX_PIECE_BYTES = 4 * 1024 * 1024
#: Most attachments one submission may announce.
MAX_ATTACHMENTS = 64

#: Media type of an attachment upload chunk (as in the tus protocol).
CHUNK_MEDIA_TYPE = "application/offset+octet-stream"
#: Header carrying the upload offset on HEAD and PATCH.
UPLOAD_OFFSET_HEADER = "Upload-Offset"
#: Header carrying the announced size of an attachment on HEAD.
UPLOAD_LENGTH_HEADER = "Upload-Length"
#: PATCH: size of the pieces the body is cut into, counted from `Upload-Offset`.
UPLOAD_PIECE_SIZE_HEADER = "Upload-Piece-Size"
#: PATCH: `crc32 <8 hex>,<8 hex>,…`, one CRC-32 per piece of the body, in order.
UPLOAD_PIECE_CHECKSUMS_HEADER = "Upload-Piece-Checksums"
#: PUT and PATCH: `1` asks the server to complete the submission in the same step when
#: nothing is missing afterwards; the answer then carries the receipt (200, JSON).
SUBMISSION_COMPLETE_HEADER = "Submission-Complete"

# --- id formats ------------------------------------------------------------------------

#: Client-chosen submission id: a lower-case UUID in its canonical text form.
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
#: Attachment id inside a submission.
ATTACHMENT_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
#: Template id (same rule as `forms.model.Template.id`).
TEMPLATE_ID_PATTERN = r"^[a-z][a-z0-9-]{1,63}$"
#: Semantic version of a template.
VERSION_PATTERN = r"^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$"
#: Office id (same rule as `forms.model.Template.office_id`).
OFFICE_ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
#: Device id issued at enrollment.
DEVICE_ID_PATTERN = r"^[0-9a-f]{32}$"
#: A JWE in compact serialization: five base64url parts separated by dots.
JWE_COMPACT_PATTERN = (
    r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"
)
#: Hex SHA-512 digest.
SHA512_PATTERN = r"^[0-9a-f]{128}$"
#: Hex SHA-256 digest.
SHA256_PATTERN = r"^[0-9a-f]{64}$"
#: Media type of an attachment, e.g. "application/pdf".
MEDIA_TYPE_PATTERN = r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$"
#: Human receipt reference, e.g. "SOZ-2026-000123".
REFERENCE_PATTERN = r"^[A-Z]{2,8}-\d{4}-\d{6,}$"
#: Staff id chosen by the admin at enrollment, e.g. "mueller.e" or "p-0815".
STAFF_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
#: Id of a backup record, chosen by the laptop (random, 128 bits in hex).
BACKUP_RECORD_ID_PATTERN = r"^[0-9a-f]{32}$"
#: Base64url without padding.
B64URL_PATTERN = r"^[A-Za-z0-9_-]*$"

SubmissionId = Annotated[str, StringConstraints(pattern=UUID_PATTERN)]
AttachmentId = Annotated[str, StringConstraints(pattern=ATTACHMENT_ID_PATTERN)]
TemplateId = Annotated[str, StringConstraints(pattern=TEMPLATE_ID_PATTERN)]
TemplateVersion = Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]
OfficeId = Annotated[str, StringConstraints(pattern=OFFICE_ID_PATTERN)]
DeviceId = Annotated[str, StringConstraints(pattern=DEVICE_ID_PATTERN)]
Sha512Hex = Annotated[str, StringConstraints(pattern=SHA512_PATTERN)]
Sha256Hex = Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]
MediaType = Annotated[str, StringConstraints(pattern=MEDIA_TYPE_PATTERN)]
#: UTC date and time; naive values are rejected so both ends agree on the instant.
Timestamp = Annotated[AwareDatetime, Field(description="ISO 8601 with time zone")]
#: Text without control characters (they would rewrite the admin's terminal, and
#: PostgreSQL cannot store NUL).
NO_CONTROL_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
#: Short free text (names, versions, error notes).
ShortText = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=NO_CONTROL_PATTERN)
]


class WireModel(BaseModel):
    """Base of every wire model: unknown keys are an error, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- errors and health -----------------------------------------------------------------


class ErrorBody(WireModel):
    """Every error answer: a machine code and a German text for the user."""

    model_config = ConfigDict(extra="allow", frozen=True)

    error: str = Field(description="machine-readable code, e.g. 'revoked'")
    message: str = Field(description="German text that can be shown to the user")


class Health(WireModel):
    """Answer of `GET /v1/health`: the server is up and speaks this API version."""

    status: Literal["ok"] = "ok"
    api_version: str = API_VERSION
    server_time: Timestamp


# --- enrollment ------------------------------------------------------------------------


class EnrollRequest(WireModel):
    """`POST /v1/enroll`: turn a one-time enrollment code into a device token."""

    code: Annotated[str, StringConstraints(min_length=4, max_length=64)]
    device_name: Annotated[str, StringConstraints(min_length=1, max_length=120)]


class CatalogKey(WireModel):
    """An Ed25519 public key that may sign catalog manifests."""

    key_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
    public_key: Annotated[str, StringConstraints(min_length=40, max_length=64)] = Field(
        description="raw 32-byte public key, base64url without padding"
    )


class EnrollResponse(WireModel):
    """The device's identity; the token is shown exactly once and kept in the keyring."""

    device_id: DeviceId
    token: str
    catalog_keys: list[CatalogKey]
    server_time: Timestamp


# --- catalog ---------------------------------------------------------------------------

#: Request header a laptop sends to say which manifest layout it reads. Laptops from
#: before layout 2 send nothing and get the "legacy" manifest: only the fields and the
#: templates they understand (see docs/sync.md, "Catalog manifest compatibility").
MANIFEST_LAYOUT_HEADER = "Koffer-Manifest-Layout"
#: The manifest layout this code reads and writes (files, service directory, formats).
MANIFEST_LAYOUT = 2
#: Template file formats (`forms.model.Template.format`) this code can load. A manifest
#: may list templates of a newer format: they are skipped, the rest installs.
KNOWN_TEMPLATE_FORMATS = frozenset({1, 2})
#: Largest manifest document a laptop accepts.
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
#: Largest catalog file (a town's source PDF, the service directory).
MAX_CATALOG_FILE_BYTES = 32 * 1024 * 1024
#: File name inside a template's files (letters, digits, `.`, `-`, `_`).
CATALOG_FILE_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"


class SignedPart(BaseModel):
    """Base of the signed manifest models: *tolerant readers*.

    The signature covers the manifest document as it was served (its RFC 8785 canonical
    form, see `sync.crypto`), never a re-serialisation of these models, so a field this
    code does not know yet is still covered by the signature and simply ignored here.
    That is what lets the town hall add manifest fields without breaking the fleet.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)


class ManifestFile(SignedPart):
    """A file that belongs to a template, e.g. the town's PDF it is printed on."""

    name: Annotated[str, StringConstraints(pattern=CATALOG_FILE_NAME_PATTERN)]
    sha256: Sha256Hex
    size: int = Field(ge=1, le=MAX_CATALOG_FILE_BYTES)
    media_type: MediaType


class ManifestTemplate(SignedPart):
    """One template file of the catalog, identified by id and version."""

    id: TemplateId
    version: TemplateVersion
    sha256: Sha256Hex
    size: int = Field(ge=1)
    title: str
    retired_after: dt.date | None = Field(
        default=None, description="after this day the form is no longer offered"
    )
    format: int = Field(default=1, ge=1, description="`format` of the template file")
    files: list[ManifestFile] = Field(
        default=[], description="files the template refers to (downloaded by SHA-256)"
    )


class ManifestDirectory(SignedPart):
    """The service directory (`forms.directory`): every service and where to turn."""

    sha256: Sha256Hex
    size: int = Field(ge=1, le=MAX_CATALOG_FILE_BYTES)
    services: int = Field(ge=0, description="number of entries")


class ManifestBody(SignedPart):
    """The signed part of the catalog manifest."""

    catalog_version: int = Field(ge=1, description="grows with every publication")
    issued_at: Timestamp
    expires_at: Timestamp
    templates: list[ManifestTemplate]
    office_keys: dict[OfficeId, dict[str, Any]] = Field(
        description="public RSA encryption key (JWK) of each office, by office id"
    )
    directory: ManifestDirectory | None = Field(
        default=None, description="the service directory, downloaded by SHA-256"
    )
    backup_recovery_key: dict[str, Any] | None = Field(
        default=None,
        description="public RSA key (JWK) the laptops wrap each person's backup key to; "
        "its private half is kept offline by the town hall",
    )


#: Fields of the manifest as laptops before layout 2 know it (their models forbid any
#: other key), per level. The legacy manifest carries exactly these.
LEGACY_BODY_FIELDS = ("catalog_version", "issued_at", "expires_at", "templates", "office_keys")
LEGACY_TEMPLATE_FIELDS = ("id", "version", "sha256", "size", "title", "retired_after")


class SignedManifest(ManifestBody):
    """The manifest as served: the body plus an Ed25519 signature over its canonical JSON."""

    signature: str = Field(description="Ed25519 signature, base64url without padding")
    key_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]

    def body(self) -> ManifestBody:
        """The signed part, without signature and key id (known fields only)."""
        return ManifestBody.model_validate(
            self.model_dump(exclude={"signature", "key_id"}, mode="json")
        )


# --- submissions -----------------------------------------------------------------------


class AttachmentAnnouncement(WireModel):
    """An attachment the laptop will upload: its sealed (JWE) bytes, not the file."""

    id: AttachmentId
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES, description="bytes of the JWE ciphertext")
    sha512: Sha512Hex
    media_type: MediaType = Field(description="media type of the file inside the JWE")


class SubmissionRequest(WireModel):
    """`PUT /v1/submissions/{uuid}`: a sealed application and its announced attachments."""

    template_id: TemplateId
    template_version: TemplateVersion
    office_id: OfficeId
    created_at: Timestamp
    payload: Annotated[
        str, StringConstraints(pattern=JWE_COMPACT_PATTERN, max_length=MAX_PAYLOAD_CHARS)
    ] = Field(description="the answers, sealed as JWE (RSA-OAEP-256 + A256GCM), compact")
    payload_sha512: Sha512Hex = Field(description="SHA-512 of the payload text (UTF-8)")
    attachments: list[AttachmentAnnouncement] = Field(default=[], max_length=MAX_ATTACHMENTS)


class AttachmentState(WireModel):
    """How far the upload of one attachment has come."""

    id: AttachmentId
    size: int
    offset: int = Field(description="bytes stored so far; the next PATCH starts here")
    complete: bool


class Receipt(WireModel):
    """The town hall's receipt: the laptop marks a submission delivered only with it."""

    submission_id: SubmissionId
    reference: Annotated[str, StringConstraints(pattern=REFERENCE_PATTERN)]
    received_at: Timestamp


class SubmissionState(WireModel):
    """Answer of the submission PUT: what the server holds of this submission."""

    submission_id: SubmissionId
    attachments: list[AttachmentState]
    receipt: Receipt | None = None


# --- content of the sealed payload (only the office can read it) ---------------------


class SealedAttachmentInfo(WireModel):
    """Describes one attachment inside the sealed payload."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: AttachmentId
    field_id: str | None = None
    filename: str | None = None
    media_type: str | None = None


class SealedContent(WireModel):
    """What the JWE payload of a submission decrypts to (read by the office only)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    format: Literal[1] = 1
    submission_id: SubmissionId
    template_id: TemplateId
    template_version: TemplateVersion
    created_at: Timestamp
    answers: dict[str, Any]
    attachments: list[SealedAttachmentInfo] = []


# --- visits ----------------------------------------------------------------------------


class Visit(WireModel):
    """An appointment of the staff member using this device (personal data)."""

    id: Annotated[str, StringConstraints(max_length=64)]
    starts_at: Timestamp
    ends_at: Timestamp | None = None
    citizen_name: str
    address: str
    purpose: str
    suggested_forms: list[TemplateId] = []


class VisitList(WireModel):
    """Answer of `GET /v1/visits`."""

    visits: list[Visit]


# --- draft backup ----------------------------------------------------------------------

#: Largest ciphertext of one backup record (a draft with its attachments and signatures).
MAX_BACKUP_RECORD_BYTES = 256 * 1024 * 1024
#: Largest encrypted label of a record (base64url text).
MAX_BACKUP_LABEL_CHARS = 4096
#: Header of `GET /backup/records/{id}`: the version of the record in the body.
BACKUP_VERSION_HEADER = "Backup-Version"
#: Header of `GET /backup/records/{id}`: SHA-512 of the whole record (hex).
BACKUP_SHA512_HEADER = "Backup-SHA512"

StaffId = Annotated[str, StringConstraints(pattern=STAFF_ID_PATTERN)]
BackupRecordId = Annotated[str, StringConstraints(pattern=BACKUP_RECORD_ID_PATTERN)]
B64Url = Annotated[str, StringConstraints(pattern=B64URL_PATTERN, max_length=8192)]


class BackupKdfParams(WireModel):
    """Argon2id cost of a passphrase wrapping (bounded, so no envelope can make a laptop
    allocate more memory than it has)."""

    algorithm: Literal["argon2id"] = "argon2id"
    memory_kib: int = Field(ge=8, le=4 * 1024 * 1024)
    time_cost: int = Field(ge=1, le=20)
    parallelism: int = Field(ge=1, le=16)


class PassphraseWrap(WireModel):
    """The backup key under a key derived from the staff member's passphrase."""

    kdf: BackupKdfParams
    salt: B64Url
    nonce: B64Url
    ciphertext: B64Url = Field(description="AES-256-GCM of the backup key")


class RecoveryWrap(WireModel):
    """The backup key sealed to the town hall's offline recovery key (JWE compact)."""

    recovery_key_id: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    jwe: Annotated[str, StringConstraints(pattern=JWE_COMPACT_PATTERN, max_length=8192)]


class BackupKeyEnvelope(WireModel):
    """`PUT /v1/backup/key`: a person's backup key, wrapped twice; the server opens neither."""

    key_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] = Field(
        description="HMAC of a constant under the key: the same key has the same id"
    )
    passphrase: PassphraseWrap
    recovery: RecoveryWrap | None = Field(
        default=None, description="absent while the town hall has no recovery key"
    )


class BackupKeyState(WireModel):
    """`GET /v1/backup/key`: whose backup this device writes, and the wrapped key if any."""

    staff_id: StaffId
    staff_name: str
    envelope: BackupKeyEnvelope | None = None
    updated_at: Timestamp | None = None


class BackupRecordRequest(WireModel):
    """`PUT /v1/backup/records/{id}`: announce a version of a record before its upload."""

    version: int = Field(ge=1, le=2**62, description="grows with every change of the draft")
    size: int = Field(ge=1, le=MAX_BACKUP_RECORD_BYTES, description="bytes of the ciphertext")
    sha512: Sha512Hex
    label: Annotated[
        str, StringConstraints(pattern=B64URL_PATTERN, max_length=MAX_BACKUP_LABEL_CHARS)
    ] = Field(description="the record's description, encrypted like the record")


class BackupRecordState(WireModel):
    """What the server holds of a record after a PUT: the upload of the announced version,
    or `newer` when it keeps a newer complete version already (nothing to send)."""

    record_id: BackupRecordId
    version: int
    size: int
    offset: int = Field(description="bytes stored so far; the next PATCH starts here")
    complete: bool
    newer: bool = False


class BackupRecordInfo(WireModel):
    """One complete record in a listing (its newest complete version)."""

    record_id: BackupRecordId
    version: int
    size: int
    sha512: Sha512Hex
    label: str
    stored_at: Timestamp
    seq: int = Field(description="the person's change counter when it was stored")


class BackupListing(WireModel):
    """`GET /v1/backup/records?since=N`: the records stored after change N, and a digest
    of ALL of them, so a laptop notices when the server lost one (`listing_digest`)."""

    seq: int = Field(description="the person's change counter now")
    count: int = Field(description="complete records the server holds for the person")
    digest: Sha256Hex = Field(description="SHA-256 over every record's id, version, sha512")
    records: list[BackupRecordInfo]


def listing_digest(records: list[tuple[str, int, str]]) -> str:
    """The digest a listing carries: SHA-256 over the sorted `id:version:sha512` lines of
    every complete record. Both ends compute it the same way from what they know."""
    lines = sorted(f"{rid}:{version}:{sha}\n" for rid, version, sha in records)
    return hashlib.sha256("".join(lines).encode("ascii")).hexdigest()


# --- heartbeat -------------------------------------------------------------------------


class DeviceStatus(WireModel):
    """`POST /v1/devices/me/status`: what the laptop reports about itself."""

    app_version: ShortText
    catalog_version: int = Field(ge=0, le=2**31 - 1)
    outbox_length: int = Field(ge=0, le=2**31 - 1)
    last_error: (
        Annotated[str, StringConstraints(max_length=500, pattern=NO_CONTROL_PATTERN)] | None
    ) = Field(default=None, description="error code of the last failed sync, no personal data")


class StatusResponse(WireModel):
    """Answer of the heartbeat: the server's clock and actions for the laptop."""

    server_time: Timestamp
    actions: list[str] = []


# --- enrollment invitation (text or QR code from `koffer-admin enroll`) ---------------

INVITE_SCHEME = "koffer-enroll"
#: SHA-256 fingerprint of the town-hall CA certificate, `AB:CD:…` (32 pairs).
CaFingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9A-F]{2}(:[0-9A-F]{2}){31}$")]


class EnrollmentInvite(WireModel):
    """What travels from the admin to the laptop: server URL, one-time code, CA pin.

    As text it is a URI, `koffer-enroll:v1?url=…&code=…&ca=sha256:…`, which is also
    what the QR code holds.
    """

    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s?#]+$", max_length=500)]
    #: The admin made this invitation for plain http on purpose (`--insecure-http`): a
    #: laboratory or a TLS-terminating proxy on the same host. Laptops refuse an http
    #: invitation without it.
    insecure_http: bool = False
    code: Annotated[str, StringConstraints(min_length=4, max_length=64)]
    ca_sha256: (
        Annotated[str, StringConstraints(pattern=r"^[0-9A-F]{2}(:[0-9A-F]{2}){31}$")] | None
    ) = None
    #: "expert": the code makes an expert token (`POST /v1/assist/enroll`), not a device.
    role: Literal["device", "expert"] = "device"

    def to_uri(self) -> str:
        """The invitation as one line of text (`role` only for experts, so laptop
        invitations read exactly as before)."""
        from urllib.parse import urlencode

        query: dict[str, str] = {"url": self.url, "code": self.code}
        if self.ca_sha256:
            query["ca"] = f"sha256:{self.ca_sha256}"
        if self.insecure_http:
            query["insecure"] = "http"
        if self.role != "device":
            query["role"] = self.role
        return f"{INVITE_SCHEME}:v1?{urlencode(query)}"

    @classmethod
    def from_uri(cls, text: str) -> EnrollmentInvite:
        """Parse `to_uri` output; ValueError if it is not an invitation."""
        from urllib.parse import parse_qs

        prefix = f"{INVITE_SCHEME}:v1?"
        text = text.strip()
        if not text.startswith(prefix):
            raise ValueError("not a Koffer enrollment invitation")
        query = parse_qs(text[len(prefix) :], strict_parsing=True)
        ca = query.get("ca", [""])[0]
        return cls(
            url=query.get("url", [""])[0],
            code=query.get("code", [""])[0],
            ca_sha256=ca.removeprefix("sha256:") or None,
            insecure_http=query.get("insecure", [""])[0] == "http",
            role=query.get("role", ["device"])[0],
        )


# --- remote expert session ("Kollegin zuschalten") ------------------------------------
#
# The relay only ever sees the REST bodies and control frames below (who, which session,
# public keys) and opaque binary frames it forwards unread: the draft's state, pointers,
# proposals and comments are encrypted end to end by `sync.assist` (see docs/assist.md).

#: Prefix of every assist route.
ASSIST_PREFIX = f"{API_PREFIX}/assist"
#: Session id chosen by the server: 128 random bits in hex.
ASSIST_SESSION_PATTERN = r"^[0-9a-f]{32}$"
#: Expert id issued at expert enrollment (like a device id).
EXPERT_ID_PATTERN = r"^[0-9a-f]{32}$"
#: Join code as read out on the phone: nine digits, grouped `123-456-789` (spaces,
#: dashes and dots are ignored on input).
JOIN_CODE_DIGITS = 9
#: A raw 32-byte key or SHA-256 digest, base64url without padding (43 characters).
KEY32_PATTERN = r"^[A-Za-z0-9_-]{43}$"
#: Largest binary frame the relay forwards; bigger messages are split by the ends.
MAX_ASSIST_FRAME_BYTES = 256 * 1024
#: Largest text (control) frame an end may send to the relay.
MAX_ASSIST_CONTROL_BYTES = 4 * 1024
#: WebSocket close codes of the relay (4000-4999 are for applications, RFC 6455).
ASSIST_CLOSE_UNAUTHORIZED = 4401
ASSIST_CLOSE_FORBIDDEN = 4403
ASSIST_CLOSE_NOT_FOUND = 4404
ASSIST_CLOSE_ENDED = 4410
ASSIST_CLOSE_REPLACED = 4409
ASSIST_CLOSE_BAD_FRAME = 4400
ASSIST_CLOSE_TOO_BIG = 1009

SessionId = Annotated[str, StringConstraints(pattern=ASSIST_SESSION_PATTERN)]
ExpertId = Annotated[str, StringConstraints(pattern=EXPERT_ID_PATTERN)]
Key32 = Annotated[str, StringConstraints(pattern=KEY32_PATTERN)]
AssistRole = Literal["owner", "expert"]
#: Why a session ended (the ends show a German text for each).
EndReason = Literal["owner", "expert", "expired", "revoked", "superseded"]


class AssistOpenRequest(WireModel):
    """`POST /v1/assist/sessions` (device token): open a session for one draft.

    The laptop sends only a commitment to its session key (SHA-256 of the X25519 public
    key) and reveals the key after the expert's key has arrived, so neither the relay nor
    anyone else can pick keys to make the two verification codes agree (as in ZRTP).
    """

    key_commitment: Key32


class AssistOpened(WireModel):
    """The new session: the join code to read out (single use, short-lived)."""

    session_id: SessionId
    join_code: Annotated[str, StringConstraints(pattern=r"^\d{3}-\d{3}-\d{3}$")]
    code_expires_at: Timestamp
    expires_at: Timestamp = Field(description="the session ends at the latest then")
    conference_url: str | None = Field(
        default=None, description="the town's conferencing room for experts (admin setting)"
    )


class AssistJoinRequest(WireModel):
    """`POST /v1/assist/join` (expert token): redeem a join code with the expert's key."""

    join_code: Annotated[str, StringConstraints(min_length=9, max_length=20)]
    expert_key: Key32 = Field(description="the expert's X25519 public key for this session")


class AssistJoined(WireModel):
    """What the expert learns on joining: the session and who opened it."""

    session_id: SessionId
    device_id: DeviceId
    device_name: ShortText
    expert_id: ExpertId
    expert_name: ShortText
    key_commitment: Key32
    expires_at: Timestamp
    conference_url: str | None = None


class AssistPeer(WireModel):
    """The other end as the relay knows it (identities and public keys only)."""

    role: AssistRole
    id: str
    name: str
    key: Key32 | None = Field(default=None, description="X25519 public key, once known")
    online: bool


class RelayHello(WireModel):
    """First control frame after connecting: who I am to the relay, and the peer."""

    type: Literal["hello"] = "hello"
    session_id: SessionId
    role: AssistRole
    device_id: DeviceId
    expert_id: ExpertId | None
    key_commitment: Key32
    owner_key: Key32 | None
    expert_key: Key32 | None
    peer: AssistPeer | None


class RelayPeerChanged(WireModel):
    """The peer came online, went offline, or revealed its key."""

    type: Literal["peer"] = "peer"
    peer: AssistPeer


class RelayEnded(WireModel):
    """The session is over; the connection closes after this frame."""

    type: Literal["ended"] = "ended"
    reason: EndReason
    message: str


class RelayRevealKey(WireModel):
    """Owner → relay: the session key the commitment was made to (after the expert's)."""

    type: Literal["reveal"] = "reveal"
    key: Key32


class RelayEnd(WireModel):
    """End → relay: end the session (owner) or leave it for good (expert)."""

    type: Literal["end"] = "end"


RelayControl = Annotated[RelayHello | RelayPeerChanged | RelayEnded, Field(discriminator="type")]
RelayRequest = Annotated[RelayRevealKey | RelayEnd, Field(discriminator="type")]


class ExpertEnrollResponse(WireModel):
    """`POST /v1/assist/enroll`: an expert invitation redeemed for an expert token."""

    expert_id: ExpertId
    name: ShortText
    token: str
    server_time: Timestamp


# --- inside the encryption: the messages of a session ---------------------------------
#
# `sync.assist.channel` carries these between the two ends (never readable by the
# relay). The laptop owns the draft: an expert's message of a kind the laptop does not
# allow from an expert (see `koffer.assist.owner`) is refused there, whatever it says.

#: A field path of the shared draft: "name" or "haushalt[1].einkommen".
FIELD_PATH_PATTERN = r"^[a-z][a-z0-9_]{0,63}(\[\d{1,4}\](\.[a-z][a-z0-9_]{0,63})?)?$"
#: Id of a proposal or comment, chosen by its author.
ITEM_ID_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"
#: Largest JSON text of a proposed value (a long free text fits easily).
MAX_PROPOSED_VALUE_CHARS = 20_000
#: Largest encoded message (split into frames of at most MAX_ASSIST_FRAME_BYTES).
MAX_ASSIST_MESSAGE_BYTES = 24 * 1024 * 1024
#: Bytes of an attachment carried by one `file_part` message.
ASSIST_FILE_PART_BYTES = 128 * 1024

FieldPath = Annotated[str, StringConstraints(pattern=FIELD_PATH_PATTERN)]
ItemId = Annotated[str, StringConstraints(pattern=ITEM_ID_PATTERN)]
#: Base64 (standard alphabet) of binary data inside a message.
B64Data = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]*={0,2}$")]
#: A proposed answer: what a form field can hold (groups are changed row by row).
ProposedValue = str | int | float | bool | list[str] | None


class AssistMessage(WireModel):
    """Base of the messages inside a session's encryption."""


class ResumeMessage(AssistMessage):
    """ "I am (back) here": the other end resends what this end has not acknowledged."""

    kind: Literal["resume"] = "resume"


class AckMessage(AssistMessage):
    """Only the acknowledgement the envelope carries."""

    kind: Literal["ack"] = "ack"


class SyncRequest(AssistMessage):
    """Expert → laptop: the CRDT state vector it has; the laptop answers with the rest."""

    kind: Literal["sync"] = "sync"
    state: B64Data


class DocUpdate(AssistMessage):
    """Laptop → expert: a CRDT update of the shared draft (Yjs update format)."""

    kind: Literal["update"] = "update"
    update: B64Data


class PointAt(AssistMessage):
    """Expert → laptop: "look here" (the laptop highlights and scrolls to the field)."""

    kind: Literal["point"] = "point"
    path: FieldPath


class Propose(AssistMessage):
    """Expert → laptop: a value for one field with a short reason; the worker decides."""

    kind: Literal["propose"] = "propose"
    id: ItemId
    path: FieldPath
    value: ProposedValue
    reason: Annotated[str, StringConstraints(min_length=1, max_length=500)]


class CommentMessage(AssistMessage):
    """Expert → laptop: a comment for the side panel."""

    kind: Literal["comment"] = "comment"
    id: ItemId
    text: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class FilePart(AssistMessage):
    """Laptop → expert: part of a shared attachment (only those the worker shared)."""

    kind: Literal["file_part"] = "file_part"
    id: ItemId
    offset: int = Field(ge=0)
    total: int = Field(ge=0, le=MAX_ATTACHMENT_BYTES)
    data: B64Data


class Refused(AssistMessage):
    """Laptop → expert: a message was refused, and why (German)."""

    kind: Literal["refused"] = "refused"
    refused_kind: Annotated[str, StringConstraints(max_length=40)]
    ref: Annotated[str, StringConstraints(max_length=40)] | None = None
    message: Annotated[str, StringConstraints(max_length=500)]


class SignRequest(AssistMessage):
    """Asking the laptop to sign: exists so it can be named and refused (an expert never
    signs for the citizen)."""

    kind: Literal["sign"] = "sign"


class PrintRequest(AssistMessage):
    """Asking the laptop to print: refused from an expert."""

    kind: Literal["print"] = "print"


class FinaliseRequest(AssistMessage):
    """Asking the laptop to finalise: refused from an expert."""

    kind: Literal["finalise"] = "finalise"


class OpenDraftRequest(AssistMessage):
    """Asking for another draft: refused from an expert (a session is one draft)."""

    kind: Literal["open_draft"] = "open_draft"
    draft_id: Annotated[str, StringConstraints(max_length=64)]


class AttachmentRequest(AssistMessage):
    """Asking for an attachment: refused (the worker shares attachments, or not)."""

    kind: Literal["attachment"] = "attachment"
    attachment_id: Annotated[str, StringConstraints(max_length=64)]


AnyAssistMessage = Annotated[
    ResumeMessage
    | AckMessage
    | SyncRequest
    | DocUpdate
    | PointAt
    | Propose
    | CommentMessage
    | FilePart
    | Refused
    | SignRequest
    | PrintRequest
    | FinaliseRequest
    | OpenDraftRequest
    | AttachmentRequest,
    Field(discriminator="kind"),
]


class AssistEnvelope(BaseModel):
    """What one encrypted message holds: the message and the channel's bookkeeping.

    Attributes:
        r: this message's number among the sender's reliable messages (None: a message
            that may be lost, e.g. an acknowledgement or a CRDT update, which the state
            vector exchange catches up).
        a: the number of the last reliable message received from the peer, in order.
        m: the message, kept as raw JSON here so that a message of an unknown or
            malformed kind still has its number (it is acknowledged and refused).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    r: int | None = Field(default=None, ge=1)
    a: int = Field(default=0, ge=0)
    m: dict[str, Any]
