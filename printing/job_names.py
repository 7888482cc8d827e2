"""Names Koffer gives its print jobs: plain ASCII tokens that no scheduler chokes on.

Why so strict: Debian 12's security update of CUPS (`cups-daemon 2.4.2-3+deb12u10`)
rewrote the loop in the scheduler's `get_options()` (scheduler/job.c) that turns a job's
text attributes into the filters' option string. On a whitespace character it writes a
space without stepping to the next character, so it writes spaces until it runs off its
heap buffer and the scheduler dies with SIGSEGV; on a control character (below 0x20, or
0x7f) it steps over nothing and spins forever. The scheduler runs that loop when it
*starts* the job, after it has accepted the document, and again after every restart
while the job is in its spool. The attribute that reaches it is `document-name-supplied`
(the Send-Document `document-name`, or the file's name with `lp`), and for queues of
other servers also the `job-*` text attributes; `job-name` itself is taken out before
the loop, and non-ASCII bytes, quotes and backslashes pass it unharmed.

So both names are tokens of `[A-Za-z0-9._-]`: German letters spelled out (ä → ae,
ß → ss), everything else a dash. The human title (form, copy, reference) stays in the
app's encrypted queue; CUPS's history holds only the token, which is neutral as well.
"""

from __future__ import annotations

import re
import unicodedata

#: Characters of a name that every CUPS scheduler carries unharmed.
SAFE_CHARACTERS = re.compile(r"[A-Za-z0-9._-]+")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")
_SPELLED_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
    # letters that Unicode does not decompose into a base letter and an accent
    | {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ı": "i", "Æ": "Ae", "æ": "ae"}
)
PREFIX = "koffer"
#: Longest token taken from a title; CUPS allows 255 octets for names.
TITLE_PART_LENGTH = 80
#: Characters of the queue item's id that make a job's name unique.
ID_PART_LENGTH = 8


def ascii_token(text: str, max_length: int = TITLE_PART_LENGTH) -> str:
    """`text` as a name token: ASCII letters, digits, `.`, `_` and `-`, nothing else.

    German letters are spelled out, other accented letters lose their accent, and every
    run of anything else (spaces, dashes of other kinds, quotes, control characters)
    becomes one `-`. A token is its own token (names Koffer made pass unchanged).
    """
    spelled = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    ascii_only = "".join(c for c in spelled if not unicodedata.combining(c))
    token = _UNSAFE_RUN.sub("-", ascii_only).strip("-.")
    return token[:max_length].rstrip("-.")


def is_safe_name(name: str) -> bool:
    """Whether `name` is a non-empty token of safe characters only."""
    return SAFE_CHARACTERS.fullmatch(name) is not None


def job_name(title: str, item_id: str = "") -> str:
    """The CUPS job name of a print: `koffer-<title token>[-<item id>]`.

    The part of the queue item's id makes two prints of the same document tell apart in
    CUPS's history (e.g. the citizen's copy printed again).
    """
    parts = [PREFIX]
    token = ascii_token(title)
    if token and token.lower() != PREFIX and not token.lower().startswith(f"{PREFIX}-"):
        parts.append(token)
    elif token:
        parts = [token]
    short_id = ascii_token(item_id, ID_PART_LENGTH)
    if short_id:
        parts.append(short_id)
    return "-".join(parts)


def document_name(name: str) -> str:
    """The Send-Document name of a job called `name` (a safe token): `<name>.pdf`."""
    token = ascii_token(name, TITLE_PART_LENGTH + ID_PART_LENGTH + len(PREFIX) + 2)
    return f"{token or PREFIX}.pdf"
