"""Keys of a profile: the OS keyring entries and the drafts.db key derivation.

`device.db` is keyed with 32 random bytes kept in the keyring, so a headless
`koffer sync` can open it. `drafts.db` needs BOTH a second keyring secret (someone who
copies the disk has no keyring) AND the staff member's passphrase (someone who has the
unlocked laptop session does not know it):

    pw_key    = Argon2id(passphrase, salt, t, m, p)           # memory-hard
    drafts_key = HKDF-SHA256(ikm = keyring_secret || pw_key, salt, info)
    check      = HMAC-SHA256(drafts_key, "koffer key check v1")

The check value sits beside the secret in the keyring entry; comparing it tells a wrong
passphrase (check differs, file untouched) apart from a damaged file (check fits, but
SQLCipher cannot read the file). It gives an attacker nothing the encrypted file's own
page HMAC would not.

Argon2id cost: m = 64 MiB, t = 2, p = 1. 64 MiB is the memory of RFC 9106's
recommendation for memory-constrained machines; two passes put it at about three times
OWASP's minimum (46 MiB x 1 or 19 MiB x 2). One lane, because a field laptop's two
cores are often busy (indexing, the UI): measured on this project's shared 2-core build
machine, t=3/p=4 took 0.15 s when idle but 0.50 s under load, while m=64 MiB/t=2/p=1
took 0.15 s idle and 0.26 s under the same load, keeping unlock (KDF + open) under the
0.5 s target (see docs/benchmarks.md). Every guess costs an attacker 64 MiB and two
passes — and the attacker needs the keyring secret first, since the passphrase alone
does not make the key. The parameters are stored per profile in the keyring entry, so
they can be raised later (on a passphrase change) without breaking existing profiles.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from koffer.secret_memory import SecretBuffer, as_secret, wipe_bytes, wipe_str
from koffer.store.errors import KeyringUnavailable

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "koffer"
#: The longest secret Koffer stores. Windows' Credential Locker keeps at most 2,560
#: bytes per credential (CRED_MAX_CREDENTIAL_BLOB_SIZE) and keyring writes the text as
#: UTF-16, two bytes a character; the Secret Service has no such limit, so the check is
#: made on every platform and a too-long value fails on Linux too, not first on Windows.
MAX_SECRET_CHARS = 1280
KEY_BYTES = 32
SALT_BYTES = 16
_CHECK_CONSTANT = b"koffer key check v1"
_HKDF_INFO = b"koffer drafts.db key v1"

_MSG_NO_SERVICE = (
    "Kein Schlüsselbund-Dienst (Secret Service) erreichbar. Koffer bewahrt seine "
    "Schlüssel nur im Schlüsselbund des Betriebssystems auf und nie in einer Datei. "
    "Bitte melden Sie sich an der Desktop-Sitzung an, damit GNOME Schlüsselbund "
    "(gnome-keyring) oder KWallet läuft, oder wenden Sie sich an die IT."
)
_MSG_PLAINTEXT = (
    "Der eingerichtete Schlüsselbund ({name}) speichert Geheimnisse unverschlüsselt; "
    "Koffer verwendet ihn deshalb nicht. Bitte richten Sie GNOME Schlüsselbund oder "
    "KWallet ein oder wenden Sie sich an die IT."
)
_MSG_LOCKED = (
    "Der Schlüsselbund ist gesperrt oder hat den Zugriff verweigert. Bitte entsperren "
    "Sie ihn (zum Beispiel durch Ab- und erneutes Anmelden am Desktop) und versuchen "
    "Sie es erneut."
)
_MSG_TOO_LONG = (
    "Ein Schlüssel ist zu lang für den Schlüsselbund des Betriebssystems und wurde nicht "
    "gespeichert. Bitte wenden Sie sich an die IT (Koffer-Version und Rathaus-Server "
    "passen vermutlich nicht zusammen)."
)
_MSG_ENTRY_MISSING = (
    "Im Schlüsselbund fehlt der Schlüssel dieses Koffer-Profils (vielleicht wurde der "
    "Schlüsselbund zurückgesetzt oder das Profil von einem anderen Gerät kopiert). "
    "Ohne ihn lassen sich die Daten nicht öffnen. Bitte wenden Sie sich an die IT."
)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters (memory in KiB)."""

    time_cost: int = 2
    memory_kib: int = 64 * 1024
    parallelism: int = 1

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KdfParams:
        """Read the parameters stored in a keyring entry."""
        return cls(int(data["time_cost"]), int(data["memory_kib"]), int(data["parallelism"]))


#: The production setting (see module docstring).
DEFAULT_KDF = KdfParams()
#: For tests only: the cheapest setting argon2 allows; NEVER for a real profile.
TEST_KDF = KdfParams(time_cost=1, memory_kib=8, parallelism=1)


def derive_drafts_key(
    passphrase: str | SecretBuffer, keyring_secret: bytes, salt: bytes, params: KdfParams
) -> SecretBuffer:
    """The raw 256-bit drafts.db key from the passphrase and the keyring secret.

    Every intermediate lives in a `SecretBuffer` that is wiped before returning: the
    Argon2 output is written by libargon2 straight into one (argon2-cffi's
    `hash_secret_raw` would return it as `bytes`), HKDF writes into the key's buffer.
    """
    secret, made = as_secret(passphrase)
    pw_key = SecretBuffer(KEY_BYTES)
    ikm = SecretBuffer(len(keyring_secret) + KEY_BYTES)
    key = SecretBuffer(KEY_BYTES)
    try:
        argon2id_into(pw_key, secret, salt, params)
        with ikm.view() as view:
            view[: len(keyring_secret)] = keyring_secret
            with pw_key.view() as pw_view:
                view[len(keyring_secret) :] = pw_view
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=_HKDF_INFO)
        with ikm.view() as source, key.view() as target:
            hkdf.derive_into(source, target)
    except BaseException:
        key.wipe()
        raise
    finally:
        pw_key.wipe()
        ikm.wipe()
        if made:
            secret.wipe()
    return key


def argon2id_into(
    out: SecretBuffer, passphrase: SecretBuffer, salt: bytes, params: KdfParams
) -> None:
    """Argon2id of `passphrase` written into `out` by libargon2 (no `bytes` copy).

    Also the draft backup's passphrase KEK (`koffer.drafting.backups.derive_kek`):
    cryptography's Argon2id (OpenSSL) leaves freed copies of the passphrase behind.

    The context points at our buffers only; libargon2 wipes its own memory blocks
    (its default flags).
    """
    from _argon2_cffi_bindings import ffi, lib  # what argon2.low_level.core binds
    from argon2.exceptions import HashingError
    from argon2.low_level import Type, core, error_to_str

    # cffi needs a non-empty buffer to point at; an empty passphrase hashes zero bytes
    password = passphrase.view() if len(passphrase) else memoryview(bytearray(1))
    with out.view() as target, password:
        out_c = ffi.from_buffer("uint8_t[]", target)
        pwd_c = ffi.from_buffer("uint8_t[]", password)
        salt_c = ffi.from_buffer("uint8_t[]", salt)
        context = ffi.new(
            "argon2_context *",
            {
                "out": out_c,
                "outlen": len(out),
                "pwd": pwd_c,
                "pwdlen": len(passphrase),
                "salt": salt_c,
                "saltlen": len(salt),
                "secret": ffi.NULL,
                "secretlen": 0,
                "ad": ffi.NULL,
                "adlen": 0,
                "t_cost": params.time_cost,
                "m_cost": params.memory_kib,
                "lanes": params.parallelism,
                "threads": params.parallelism,
                "version": lib.ARGON2_VERSION_NUMBER,
                "allocate_cbk": ffi.NULL,
                "free_cbk": ffi.NULL,
                "flags": lib.ARGON2_DEFAULT_FLAGS,
            },
        )
        status = core(context, Type.ID.value)
        # the views can only be released once nothing exports them any more
        del context, out_c, pwd_c, salt_c
    if status != lib.ARGON2_OK:
        raise HashingError(error_to_str(status))


def key_check(key: SecretBuffer | bytes) -> str:
    """The check value (hex) stored beside the secret: HMAC of a constant under `key`.

    OpenSSL's HMAC takes the key from the buffer and clears its copy when freed.
    """
    raw = key.shared_bytearray() if isinstance(key, SecretBuffer) else key
    return hmac.new(raw, _CHECK_CONSTANT, "sha256").hexdigest()


def check_matches(key: SecretBuffer | bytes, expected_hex: str) -> bool:
    """Constant-time comparison of `key`'s check value with the stored one."""
    return hmac.compare_digest(key_check(key), expected_hex)


@dataclass(frozen=True)
class DraftsKeyMaterial:
    """What the keyring holds for drafts.db (everything but the passphrase).

    Attributes:
        secret: the keyring half of the key (32 random bytes).
        salt: Argon2id / HKDF salt.
        kdf: Argon2id cost used for this profile.
        check: key check value (hex) of the derived key.
        pending: during a passphrase change, the material of the NEW passphrase, kept
            until the re-key is done so a crash in between never locks the data out.
    """

    secret: bytes
    salt: bytes
    kdf: KdfParams
    check: str
    pending: DraftsKeyMaterial | None = None

    @classmethod
    def new(
        cls, passphrase: str | SecretBuffer, kdf: KdfParams, secret: bytes | None = None
    ) -> tuple[DraftsKeyMaterial, SecretBuffer]:
        """Fresh material for `passphrase` (and a new secret unless given); returns key too
        (the caller wipes it)."""
        secret = secret if secret is not None else secrets.token_bytes(KEY_BYTES)
        salt = secrets.token_bytes(SALT_BYTES)
        key = derive_drafts_key(passphrase, secret, salt, kdf)
        return cls(secret, salt, kdf, key_check(key)), key

    def derive(self, passphrase: str | SecretBuffer) -> SecretBuffer | None:
        """The key for `passphrase` (the caller wipes it), or None when the check value
        says it is wrong."""
        key = derive_drafts_key(passphrase, self.secret, self.salt, self.kdf)
        if check_matches(key, self.check):
            return key
        key.wipe()
        return None

    def to_json(self) -> str:
        """Serialised form for the keyring entry."""
        return json.dumps(self._to_dict())

    def _to_dict(self) -> dict[str, Any]:
        return {
            "v": 1,
            "secret": self.secret.hex(),
            "salt": self.salt.hex(),
            "kdf": asdict(self.kdf),
            "check": self.check,
            "pending": None if self.pending is None else self.pending._to_dict(),
        }

    @classmethod
    def from_json(cls, text: str) -> DraftsKeyMaterial:
        """Parse a keyring entry; a malformed entry counts as a missing one."""
        try:
            return cls._from_dict(json.loads(text))
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyringUnavailable("malformed drafts key entry", _MSG_ENTRY_MISSING) from exc

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> DraftsKeyMaterial:
        pending = data.get("pending")
        return cls(
            secret=bytes.fromhex(data["secret"]),
            salt=bytes.fromhex(data["salt"]),
            kdf=KdfParams.from_dict(data["kdf"]),
            check=str(data["check"]),
            pending=None if pending is None else cls._from_dict(pending),
        )


def _is_plaintext(backend: object) -> bool:
    module = type(backend).__module__
    name = type(backend).__name__.lower()
    return module.startswith("keyrings.alt") or "plaintext" in name or "uncrypted" in name


def _unusable_reason(backend: KeyringBackend, *, check_priority: bool) -> str | None:
    """A German reason why `backend` must not hold Koffer's keys, or None if it may.

    The priority (keyring's own "is this backend usable here?") is only asked of the
    backend `keyring` chose itself; an injected backend is trusted to be usable.
    """
    module = type(backend).__module__
    if module.endswith((".fail", ".null")):
        return _MSG_NO_SERVICE
    inner: list[object] = list(getattr(backend, "backends", [backend]))
    if not inner:
        return _MSG_NO_SERVICE
    if all(_is_plaintext(b) for b in inner):
        return _MSG_PLAINTEXT.format(name=type(inner[0]).__name__)
    if not check_priority:
        return None
    try:
        priority = float(type(backend).priority)
    except Exception:  # noqa: BLE001 (keyring: raising here means "not viable")
        return _MSG_NO_SERVICE
    return _MSG_NO_SERVICE if priority <= 0 else None


class Keyring:
    """The profile's entries in the OS keyring (service "koffer").

    Every failure of the keyring becomes `KeyringUnavailable` with a German message
    that says what is missing; there is never a fallback to a file.
    """

    def __init__(self, profile_id: str, backend: KeyringBackend | None = None) -> None:
        """Use `backend` (tests inject an in-memory one), else `keyring.get_keyring()`."""
        self.profile_id = profile_id
        self._backend = backend
        self._injected = backend is not None

    @property
    def device_user(self) -> str:
        """Keyring username of the device.db key."""
        return f"{self.profile_id}:device"

    @property
    def sync_user(self) -> str:
        """Keyring username of the town-hall device token (set at enrollment)."""
        return f"{self.profile_id}:sync"

    @property
    def drafts_user(self) -> str:
        """Keyring username of the drafts.db key material."""
        return f"{self.profile_id}:drafts"

    def backend(self) -> KeyringBackend:
        """The usable backend, or `KeyringUnavailable` saying what is missing."""
        if self._backend is None:
            try:
                import keyring

                self._backend = keyring.get_keyring()
            except Exception as exc:
                detail = f"keyring init: {type(exc).__name__}"
                raise KeyringUnavailable(detail, _MSG_NO_SERVICE) from exc
        reason = _unusable_reason(self._backend, check_priority=not self._injected)
        if reason is not None:
            raise KeyringUnavailable(f"unusable backend {type(self._backend).__name__}", reason)
        return self._backend

    def _call(self, what: str, fn: Any, *args: str) -> Any:
        backend = self.backend()
        try:
            return getattr(backend, fn)(*args)
        except KeyringUnavailable:
            raise
        except Exception as exc:
            message = _MSG_LOCKED if "lock" in str(exc).lower() else _MSG_NO_SERVICE
            if type(exc).__name__ in ("PasswordDeleteError",):
                return None
            raise KeyringUnavailable(f"keyring {what}: {type(exc).__name__}", message) from exc

    def get(self, user: str) -> str | None:
        """The stored text for `user`, or None."""
        value = self._call("get", "get_password", SERVICE, user)
        return value if isinstance(value, str) else None

    def set(self, user: str, value: str) -> None:
        """Store `value` for `user` (and read it back: some backends fail silently).

        Raises:
            KeyringUnavailable: the backend failed, or `value` is longer than
                `MAX_SECRET_CHARS` (then nothing is stored).
        """
        if len(value) > MAX_SECRET_CHARS:
            raise KeyringUnavailable(f"secret of {len(value)} characters", _MSG_TOO_LONG)
        self._call("set", "set_password", SERVICE, user, value)
        stored = self.get(user)
        kept = stored == value
        if stored is not None and stored is not value:
            wipe_str(stored)  # the read-back copy (a backend's own object stays)
        del stored
        if not kept:
            raise KeyringUnavailable("keyring did not keep the value", _MSG_NO_SERVICE)

    def delete(self, user: str) -> None:
        """Remove the entry of `user` (no error when it is already gone)."""
        self._call("delete", "delete_password", SERVICE, user)

    # -- typed entries -------------------------------------------------------------

    def device_key(self) -> SecretBuffer:
        """The device.db key (the caller wipes it); `KeyringUnavailable` when the entry
        is missing.

        The entry's text and its parts are overwritten once the key is in its buffer
        (unless the keyring backend keeps the very same object, as a test's does).
        """
        text = self.get(self.device_user)
        if text is None:
            raise KeyringUnavailable("device key entry missing", _MSG_ENTRY_MISSING)
        try:
            entry = json.loads(text)
            hex_key = entry.pop("key")
            raw = bytes.fromhex(hex_key)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyringUnavailable("malformed device key entry", _MSG_ENTRY_MISSING) from exc
        finally:
            wipe_str(text)
        key = SecretBuffer.copy_of(raw)
        wipe_str(hex_key)
        wipe_bytes(raw)
        if len(key) != KEY_BYTES:
            key.wipe()
            raise KeyringUnavailable("device key has wrong length", _MSG_ENTRY_MISSING)
        return key

    def store_device_key(self, key: SecretBuffer | bytes) -> None:
        """Keep the device.db key (its text forms are overwritten once stored)."""
        with key.view() if isinstance(key, SecretBuffer) else memoryview(key) as raw:
            hex_key = raw.hex()
        text = "".join(('{"v": 1, "key": "', hex_key, '"}'))  # json.dumps makes more copies
        wipe_str(hex_key)
        try:
            self.set(self.device_user, text)
        finally:
            wipe_str(text)

    def drafts_material(self) -> DraftsKeyMaterial:
        """The drafts.db key material; `KeyringUnavailable` when missing."""
        text = self.get(self.drafts_user)
        if text is None:
            raise KeyringUnavailable("drafts key entry missing", _MSG_ENTRY_MISSING)
        return DraftsKeyMaterial.from_json(text)

    def store_drafts_material(self, material: DraftsKeyMaterial) -> None:
        """Keep the drafts.db key material."""
        self.set(self.drafts_user, material.to_json())

    def delete_all(self) -> None:
        """Remove both entries of this profile (crypto-shredding its databases)."""
        self.delete(self.device_user)
        self.delete(self.drafts_user)
        self.delete(self.sync_user)
