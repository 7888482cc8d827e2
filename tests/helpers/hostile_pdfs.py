"""PDFs that must be refused: built byte by byte or with pikepdf, none from the internet."""

from __future__ import annotations

import io

import pikepdf


def _assemble(objects: list[bytes], root: int, size: int | None = None) -> bytes:
    """A classic PDF from numbered object bodies (object n = objects[n-1])."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    count = len(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % count)
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (size or count, root, xref)
    )
    return out.getvalue()


def page_tree_loop() -> bytes:
    """/Pages whose /Kids contain the /Pages node itself."""
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
            b"<< /FT /Tx /T (Name) /Subtype /Widget /Rect [10 10 100 30] /P 3 0 R >>",
        ],
        root=1,
    )


def field_tree_loop() -> bytes:
    """A field whose /Kids contain its own parent."""
    return _assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            b"<< /T (a) /Kids [5 0 R] >>",
            b"<< /T (b) /Kids [4 0 R] >>",
        ],
        root=1,
    )


def many_objects(count: int = 1_000_000) -> bytes:
    """A PDF that really has `count` objects (about 40 MB)."""
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    return _assemble(head + [b"null"] * (count - len(head)), root=1)


def xfa_only() -> bytes:
    """An XFA form (LiveCycle) without AcroForm fields."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    xfa = pikepdf.Stream(pdf, b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=xfa)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def no_fields() -> bytes:
    """A plain PDF without a form."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted(data: bytes, user: str = "geheim") -> bytes:
    """`data` encrypted so that it needs the user password `user` to open."""
    pdf = pikepdf.open(io.BytesIO(data))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user=user, owner=user + "-owner", aes=True))
    return out.getvalue()
