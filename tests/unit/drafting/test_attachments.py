"""The attachment check: real type from the bytes, size limits, German messages."""

from __future__ import annotations

import pytest

from koffer.drafting.attachments import AttachmentRejectedError, check_attachment

PDF = b"%PDF-1.7\n%"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"


@pytest.mark.parametrize(
    ("head", "kind"), [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")]
)
def test_accepts_the_three_types(head, kind):
    assert check_attachment("x", 1000, head).media_type == kind


def test_name_does_not_matter_only_the_bytes():
    with pytest.raises(AttachmentRejectedError, match="erlaubt sind nur"):
        check_attachment("scan.pdf", 1000, b"MZ\x90\x00")


def test_field_limit_and_hard_limit():
    with pytest.raises(AttachmentRejectedError, match="zu groß"):
        check_attachment("a.pdf", 10_000_001, PDF, max_size_mb=10)
    check_attachment("a.pdf", 10_000_000, PDF, max_size_mb=10)
    with pytest.raises(AttachmentRejectedError, match="höchstens 50,0 MB"):
        check_attachment("a.pdf", 50_000_001, PDF)


def test_field_media_types_narrow_the_choice():
    with pytest.raises(AttachmentRejectedError, match="nur PDF"):
        check_attachment("a.png", 10, PNG, media_types=["application/pdf"])


def test_empty_file():
    with pytest.raises(AttachmentRejectedError, match="leer"):
        check_attachment("a.pdf", 0, PDF)
