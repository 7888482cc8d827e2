"""Secrets in memory that Koffer can overwrite: the passphrase and the database keys.

A laptop that is stolen while locked but running (lid closed, suspended) can have its
memory read (cold boot, DMA, a root exploit, a swap or hibernation image). Locking must
therefore leave neither the passphrase nor a key in the process. Python's `str` and
`bytes` are immutable, and every copy of them stays in the heap after it is freed
until the allocator happens to reuse that memory. So:

- A secret lives in a `SecretBuffer` (one `bytearray` of fixed size, never resized,
  because a resize copies it and frees the old block unwiped), handed to C libraries
  as a buffer (Argon2, HKDF, SQLCipher's key call) and overwritten with zeros by
  `wipe()` as soon as it is not needed.
- Where a `str` or `bytes` copy cannot be avoided (Qt hands a field's text over as a
  `str`; a keyring backend returns its entry as a `str`), `wipe_str` and `wipe_bytes`
  overwrite that object in place right after its content was copied into a buffer.
  That relies on CPython's object layout, which is checked once at import on objects
  made for the purpose; where the check fails (another interpreter or layout) they do
  nothing and say so by returning False. They refuse objects that others may hold
  (Python's one-character caches, more references than the caller's own), so a wipe
  can never change a string the rest of the program still uses.

What remains in memory after a lock, and why, is measured by
`tests/integration/store/test_memory.py` and explained in docs/store.md ("What the
lock protects against").
"""

from __future__ import annotations

import ctypes
import hmac
import sys
from typing import Any, Self

#: What `SecretBuffer.copy_of` accepts (collections.abc.Buffer is Python 3.12+).
Buffer = bytes | bytearray | memoryview

# The CPython layout of compact str and of bytes objects (checked by `_layout_ok`).
_WORD = ctypes.sizeof(ctypes.c_ssize_t)
_HASH_OFFSET = 3 * _WORD  # after ob_refcnt, ob_type and the length
_ASCII_DATA = sys.getsizeof("") - 1  # sizeof(PyASCIIObject): data follows it
#: sizeof(PyCompactUnicodeObject): `utf8_length` and `utf8` follow PyASCIIObject
_COMPACT_DATA = sys.getsizeof("\u0100") - 2 * 2
_BYTES_DATA = sys.getsizeof(b"") - 1  # offsetof(PyBytesObject, ob_sval)
#: References a wipe may see: the caller's one name, the argument, getrefcount's own.
_OWN_REFS = 3


class SecretBuffer:
    """A fixed-size mutable buffer for one secret, zeroed by `wipe()` (and on `del`).

    It is deliberately awkward to copy: no `bytes()`, no `str()`, no pickling, a repr
    without content. `view()` gives a memoryview for the C libraries that read or
    fill it; comparisons run in constant time.
    """

    __slots__ = ("__weakref__", "_data")

    def __init__(self, size: int) -> None:
        """`size` zero bytes, to be filled through `view()`."""
        self._data = bytearray(size)

    @classmethod
    def copy_of(cls, data: Buffer) -> Self:
        """A buffer holding a copy of `data` (the caller wipes its original)."""
        source = memoryview(data).cast("B")
        buffer = cls(len(source))
        buffer._data[:] = source
        return buffer

    @classmethod
    def from_text(cls, text: str) -> Self:
        """`text` as UTF-8, encoded straight into the buffer.

        `str.encode` would leave a `bytes` copy of the whole passphrase behind; this
        writes one code point at a time into a buffer sized up front.

        Raises:
            ValueError: `text` holds a lone surrogate (not encodable as UTF-8).
        """
        size = 0
        for char in text:
            size += _utf8_length(ord(char))
        buffer = cls(size)
        data = buffer._data
        at = 0
        for char in text:
            at = _put_utf8(data, at, ord(char))
        return buffer

    def view(self) -> memoryview:
        """A writable view of the secret (release it before `wipe()`)."""
        return memoryview(self._data)

    def shared_bytearray(self) -> bytearray:
        """The buffer itself, for APIs that take only `bytes`/`bytearray` (`hmac`).

        Never keep, resize or copy it: that would outlive `wipe()`.
        """
        return self._data

    def __len__(self) -> int:
        return len(self._data)

    def __bool__(self) -> bool:
        return len(self._data) > 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SecretBuffer):
            return hmac.compare_digest(self._data, other._data)
        if isinstance(other, bytes | bytearray):
            return hmac.compare_digest(self._data, other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable: never a dict key

    def __repr__(self) -> str:
        return f"SecretBuffer({len(self._data)} bytes)"

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a SecretBuffer is not copied out of the process")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.wipe()

    def wipe(self) -> None:
        """Overwrite the secret with zeros (idempotent; the size stays)."""
        data = self._data
        data[:] = bytes(len(data))  # a zero-filled bytes of the same size: no secret

    @property
    def wiped(self) -> bool:
        """Whether the buffer holds only zeros."""
        return not any(self._data)

    def __del__(self) -> None:
        self.wipe()


class SecretText:
    """A passphrase while it is being typed: code points in a fixed-size array.

    A text field keeps what is typed in its own string and its undo history (Qt's
    QLineEdit records every typed character, password fields too), and any growing
    Python container copies itself on growth and frees the old copy unwiped. So the
    passphrase field keeps only masks in the widget and the characters here: one
    preallocated array, edited in place, zeroed by `wipe()`.
    """

    __slots__ = ("__weakref__", "_codes", "_length")

    #: The longest passphrase accepted (characters); longer input is not taken.
    CAPACITY = 512

    def __init__(self) -> None:
        import array

        self._codes = array.array("I", bytes(4 * self.CAPACITY))
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def __bool__(self) -> bool:
        return self._length > 0

    def __repr__(self) -> str:
        return f"SecretText({self._length} characters)"

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a SecretText is not copied out of the process")

    def replace(self, start: int, end: int, text: str) -> int:
        """Put `text` in place of the characters `start`..`end`; the cursor after it.

        What does not fit into `CAPACITY` is dropped (the caller shows nothing of it).
        Every move happens inside the one array, so nothing is copied elsewhere.
        """
        start = max(0, min(start, self._length))
        end = max(start, min(end, self._length))
        codes = self._codes
        count = max(0, min(len(text), self.CAPACITY - (self._length - (end - start))))
        for i in range(count):  # no list of the characters: it would be a copy
            _utf8_length(ord(text[i]))  # lone surrogates are refused here, as on submit
        tail = self._length - end
        new_end = start + count
        if new_end > end:  # moving right: copy from the back
            for i in range(tail - 1, -1, -1):
                codes[new_end + i] = codes[end + i]
        else:
            for i in range(tail):
                codes[new_end + i] = codes[end + i]
        for i in range(count):
            codes[start + i] = ord(text[i])
        old_length, self._length = self._length, new_end + tail
        for i in range(self._length, old_length):
            codes[i] = 0
        return new_end

    def to_buffer(self) -> SecretBuffer:
        """The text as UTF-8 in a new `SecretBuffer` (the caller wipes it)."""
        codes = self._codes
        size = 0
        for i in range(self._length):
            size += _utf8_length(codes[i])
        buffer = SecretBuffer(size)
        at = 0
        for i in range(self._length):
            at = _put_utf8(buffer._data, at, codes[i])
        return buffer

    def matches(self, other: SecretText) -> bool:
        """Whether both hold the same text (the passphrase typed twice)."""
        if self._length != other._length:
            return False
        return all(self._codes[i] == other._codes[i] for i in range(self._length))

    def kinds(self) -> tuple[bool, bool, bool, bool]:
        """(lower case, upper case, digit, other) present: what a strength hint needs."""
        lower = upper = digit = other = False
        for i in range(self._length):
            char = chr(self._codes[i])
            lower |= char.islower()
            upper |= char.isupper()
            digit |= char.isdigit()
            other |= not char.isalnum()
        return lower, upper, digit, other

    def wipe(self) -> None:
        """Zero every character (idempotent)."""
        codes = self._codes
        for i in range(self.CAPACITY):
            codes[i] = 0
        self._length = 0

    def __del__(self) -> None:
        self.wipe()


def as_secret(value: str | SecretBuffer) -> tuple[SecretBuffer, bool]:
    """(`value` as a buffer, whether the buffer is a new one the callee must wipe)."""
    if isinstance(value, SecretBuffer):
        return value, False
    return SecretBuffer.from_text(value), True


def _utf8_length(code: int) -> int:
    if 0xD800 <= code <= 0xDFFF:
        raise ValueError("a lone surrogate cannot be encoded as UTF-8")
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def _put_utf8(data: bytearray, at: int, code: int) -> int:
    """Write `code` as UTF-8 at `at`; the position after it."""
    if code < 0x80:
        data[at] = code
        return at + 1
    if code < 0x800:
        data[at] = 0xC0 | (code >> 6)
        data[at + 1] = 0x80 | (code & 0x3F)
        return at + 2
    if code < 0x10000:
        data[at] = 0xE0 | (code >> 12)
        data[at + 1] = 0x80 | ((code >> 6) & 0x3F)
        data[at + 2] = 0x80 | (code & 0x3F)
        return at + 3
    data[at] = 0xF0 | (code >> 18)
    data[at + 1] = 0x80 | ((code >> 12) & 0x3F)
    data[at + 2] = 0x80 | ((code >> 6) & 0x3F)
    data[at + 3] = 0x80 | (code & 0x3F)
    return at + 4


# ----------------------------------------------------------------------------- in place


def _str_kind(text: str) -> int:
    """Bytes per code point of CPython's compact representation of `text`."""
    widest = max(map(ord, text))
    return 1 if widest < 0x100 else 2 if widest < 0x10000 else 4


def _str_data(text: str) -> tuple[int, int]:
    """(address of the code units, bytes per code unit) of a compact `text`."""
    kind = _str_kind(text)
    ascii_only = max(map(ord, text)) < 0x80
    return id(text) + (_ASCII_DATA if ascii_only else _COMPACT_DATA), kind


def _units_match(address: int, kind: int, codes: list[int]) -> bool:
    """Whether the memory at `address` holds exactly `codes` as `kind`-byte units."""
    unit = {1: ctypes.c_uint8, 2: ctypes.c_uint16, 4: ctypes.c_uint32}[kind]
    array: Any = (unit * len(codes)).from_address(address)  # a view, not a copy
    return all(array[i] == code for i, code in enumerate(codes))


def _layout_ok() -> bool:
    """Whether this interpreter lays out str and bytes as the wipes expect.

    Tried on objects built at run time (not constants), for every kind of str.
    """
    if sys.implementation.name != "cpython":
        return False
    try:
        for sample in ("ab", "ab\u00e9", "ab\u0100", "ab\U0001f600"):
            made = "".join(list(sample))
            address, kind = _str_data(made)
            if not _units_match(address, kind, [ord(c) for c in made]):
                return False
        made_bytes = bytes(bytearray(b"xyz"))
        if not _units_match(id(made_bytes) + _BYTES_DATA, 1, list(made_bytes)):
            return False
    except (ValueError, OverflowError):
        return False
    return True


_WIPES_IN_PLACE = _layout_ok()


def _reset_hash(obj: object) -> None:
    # A cached hash of the old content would no longer fit the zeros.
    ctypes.c_ssize_t.from_address(id(obj) + _HASH_OFFSET).value = -1


def _exclusively_held(obj: object, extra: int) -> bool:
    return sys.getrefcount(obj) <= _OWN_REFS + 1 + extra  # +1: the helper's own argument


def wipe_str(text: str, *, holders: int = 1) -> bool:
    """Overwrite the characters of `text` in place with NULs; whether that was done.

    Only for a string the caller made or received and alone holds (in `holders`
    names): Qt's copy of a field's text, a keyring entry. Strings of fewer than two
    characters are left alone (CPython shares them), as is any string more names hold.
    A UTF-8 form CPython cached beside the string is overwritten too. The string
    must not be used afterwards (it keeps its length and its internal kind).
    """
    if not _WIPES_IN_PLACE or len(text) < 2 or not _exclusively_held(text, holders - 1):
        return False
    codes = [ord(c) for c in text]
    address, kind = _str_data(text)
    if not _units_match(address, kind, codes):
        return False
    if max(codes) >= 0x80:
        # PyCompactUnicodeObject.utf8_length and .utf8: a cached UTF-8 copy, if any
        utf8_length = ctypes.c_ssize_t.from_address(id(text) + _ASCII_DATA).value
        utf8 = ctypes.c_void_p.from_address(id(text) + _ASCII_DATA + _WORD).value
        if utf8 and utf8_length > 0:
            ctypes.memset(utf8, 0, utf8_length)
    ctypes.memset(address, 0, len(codes) * kind)
    _reset_hash(text)
    return True


def wipe_bytes(data: bytes, *, holders: int = 1) -> bool:
    """Overwrite `data` in place with zeros; whether that was done (see `wipe_str`)."""
    if not _WIPES_IN_PLACE or len(data) < 2 or not _exclusively_held(data, holders - 1):
        return False
    ctypes.memset(id(data) + _BYTES_DATA, 0, len(data))
    _reset_hash(data)
    return True
