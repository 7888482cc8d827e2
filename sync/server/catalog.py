"""The form catalog on the server: templates, their files, offices, services, manifests.

The admin tool adds templates (validated with `forms`) with the files they refer to (a
town's source PDF), offices (public keys only), the service directory's entries, and
publishes manifests it signs with the offline Ed25519 key. The API only *reads*: it serves
the newest signed manifest byte for byte, the template files and the catalog files by
SHA-256; the server holds no key that could sign a manifest.

Each publication is signed twice: the manifest of layout 2 (files, formats, service
directory) and a legacy manifest with exactly the fields and the format-1 templates that
laptops from before layout 2 know, so those keep verifying and installing updates until
they get the new app (docs/sync.md, "Catalog manifest compatibility").
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.directory import ServiceDirectory, ServiceEntry
from forms.errors import TemplateError
from forms.loader import load_template_text
from forms.model import Template
from sync import crypto
from sync.protocol import (
    LEGACY_BODY_FIELDS,
    LEGACY_TEMPLATE_FIELDS,
    MAX_CATALOG_FILE_BYTES,
    ManifestBody,
    ManifestDirectory,
    ManifestFile,
    ManifestTemplate,
)
from sync.server.backup import recovery_key
from sync.server.db import (
    CatalogFile,
    Office,
    PublishedManifest,
    Service,
    SigningKey,
    StoredTemplate,
    utcnow,
)

#: Media type of a template's source PDF and of the published service directory.
PDF_MEDIA_TYPE = "application/pdf"
DIRECTORY_MEDIA_TYPE = "application/json"


class CatalogError(ValueError):
    """An admin action on the catalog cannot be done; the message says why (English)."""


@dataclass(frozen=True)
class AddedTemplate:
    """Result of adding a template file."""

    template_id: str
    version: str
    title: str
    new: bool


def validate_template(text: str, source: str) -> Template:
    """Validate a template file with the `forms` loader (structure, expressions, lines).

    Raises:
        CatalogError: with every problem, one per line, `file:line: message`.
    """
    try:
        return load_template_text(text, source)
    except TemplateError as exc:
        raise CatalogError("\n".join(str(p) for p in exc.problems)) from exc


def store_file(session: Session, data: bytes, media_type: str) -> str:
    """Keep a catalog file by its SHA-256 (idempotent); returns the hash."""
    if not data or len(data) > MAX_CATALOG_FILE_BYTES:
        raise CatalogError(f"a catalog file must hold 1 byte to {MAX_CATALOG_FILE_BYTES} bytes")
    digest = crypto.sha256_hex(data)
    if session.get(CatalogFile, digest) is None:
        session.add(
            CatalogFile(
                sha256=digest,
                media_type=media_type,
                size=len(data),
                content=data,
                added_at=utcnow(),
            )
        )
    return digest


def _add_source_pdf(
    session: Session, template: Template, files: dict[str, bytes], source: str
) -> None:
    """Store the PDF a template is printed on; it must be exactly the one it names."""
    pdf = template.source_pdf
    if pdf is None:
        return
    data = files.get(pdf.file)
    if data is None:
        if session.get(CatalogFile, pdf.sha256) is not None:
            return  # stored with an earlier version of the form
        raise CatalogError(
            f"{source}: the template is printed on {pdf.file}; put that file beside it"
        )
    if crypto.sha256_hex(data) != pdf.sha256:
        raise CatalogError(
            f"{source}: {pdf.file} is not the PDF the template was imported from "
            "(SHA-256 differs); import it again"
        )
    if not data.startswith(b"%PDF-"):
        raise CatalogError(f"{source}: {pdf.file} is not a PDF file")
    store_file(session, data, PDF_MEDIA_TYPE)


def add_template(
    session: Session, content: bytes, source: str, files: dict[str, bytes] | None = None
) -> AddedTemplate:
    """Store a validated template; a published (id, version) can never change content.

    Args:
        files: the files beside the template by name (its `source_pdf`, if it has one).
    """
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{source}: the file is not UTF-8 text") from exc
    template = validate_template(text, source)
    _add_source_pdf(session, template, files or {}, source)
    digest = crypto.sha256_hex(content)
    existing = session.get(StoredTemplate, (template.id, template.version))
    if existing is not None:
        if existing.sha256 != digest:
            raise CatalogError(
                f"{source}: {template.id} {template.version} is already stored with "
                "different content; raise the version number"
            )
        return AddedTemplate(template.id, template.version, template.title, new=False)
    session.add(
        StoredTemplate(
            template_id=template.id,
            version=template.version,
            title=template.title,
            office_id=template.office_id,
            sha256=digest,
            size=len(content),
            content=content,
            added_at=utcnow(),
        )
    )
    return AddedTemplate(template.id, template.version, template.title, new=True)


def retire(session: Session, template_id: str, after: dt.date) -> int:
    """Mark every version of a template as retired after `after`; return how many."""
    rows = session.scalars(
        select(StoredTemplate).where(StoredTemplate.template_id == template_id)
    ).all()
    if not rows:
        raise CatalogError(f"no template with id {template_id}")
    for row in rows:
        row.retired_after = after
    return len(rows)


def add_office(session: Session, office_id: str, key_text: str | bytes) -> dict[str, Any]:
    """Store (or replace) the public encryption key of an office; return its JWK."""
    try:
        key = crypto.load_encryption_key(key_text, private=False)
    except crypto.CryptoError as exc:
        raise CatalogError(str(exc)) from exc
    public = crypto.public_jwk(key)
    row = session.get(Office, office_id)
    if row is None:
        session.add(Office(id=office_id, public_jwk=json.dumps(public), added_at=utcnow()))
    else:
        row.public_jwk = json.dumps(public)
    return public


def register_signing_key(session: Session, public_key: str) -> str:
    """Remember a catalog signing key's public half (handed to laptops at enrollment)."""
    key_id = crypto.key_id_of(public_key)
    if session.get(SigningKey, key_id) is None:
        session.add(SigningKey(key_id=key_id, public_key=public_key, added_at=utcnow()))
    return key_id


def _template_entry(row: StoredTemplate, session: Session) -> ManifestTemplate:
    """The manifest entry of a stored template, with its format and files."""
    template = load_template_text(row.content.decode("utf-8"), f"{row.template_id}.yaml")
    files: list[ManifestFile] = []
    if template.source_pdf is not None:
        stored = session.get(CatalogFile, template.source_pdf.sha256)
        if stored is None:  # pragma: no cover - add_template stores it first
            raise CatalogError(f"{row.template_id} {row.version}: its PDF is missing")
        files.append(
            ManifestFile(
                name=template.source_pdf.file,
                sha256=stored.sha256,
                size=stored.size,
                media_type=stored.media_type,
            )
        )
    return ManifestTemplate(
        id=row.template_id,
        version=row.version,
        sha256=row.sha256,
        size=row.size,
        title=row.title,
        retired_after=row.retired_after,
        format=template.format,
        files=files,
    )


def directory(session: Session) -> ServiceDirectory:
    """The service directory as stored (entries by id)."""
    rows = session.scalars(select(Service).order_by(Service.id)).all()
    return ServiceDirectory(services=[ServiceEntry.model_validate_json(r.entry) for r in rows])


def put_services(session: Session, entries: list[ServiceEntry]) -> tuple[int, int]:
    """Add or replace directory entries (validated as a whole first); (added, replaced)."""
    current = directory(session).by_id()
    merged = {**current, **{e.id: e for e in entries}}
    try:
        ServiceDirectory(services=list(merged.values()))
    except ValueError as exc:
        raise CatalogError(str(exc)) from exc
    added = replaced = 0
    now = utcnow()
    for entry in entries:
        row = session.get(Service, entry.id)
        text = entry.model_dump_json(exclude_none=True)
        if row is None:
            session.add(Service(id=entry.id, entry=text, updated_at=now))
            added += 1
        else:
            row.entry = text
            row.updated_at = now
            replaced += 1
    return added, replaced


def remove_service(session: Session, service_id: str) -> None:
    """Drop one directory entry (takes effect with the next publish)."""
    row = session.get(Service, service_id)
    if row is None:
        raise CatalogError(f"no service with id {service_id}")
    session.delete(row)


def _directory_entry(session: Session) -> ManifestDirectory | None:
    current = directory(session)
    if not current.services:
        return None
    data = current.to_bytes()
    return ManifestDirectory(
        sha256=store_file(session, data, DIRECTORY_MEDIA_TYPE),
        size=len(data),
        services=len(current.services),
    )


def build_manifest(session: Session, validity: dt.timedelta) -> ManifestBody:
    """The next manifest body: every stored template and every office key."""
    last = session.scalar(
        select(PublishedManifest.catalog_version)
        .order_by(PublishedManifest.catalog_version.desc())
        .limit(1)
    )
    templates = session.scalars(
        select(StoredTemplate).order_by(StoredTemplate.template_id, StoredTemplate.added_at)
    ).all()
    offices = session.scalars(select(Office).order_by(Office.id)).all()
    now = utcnow().replace(microsecond=0)
    return ManifestBody(
        catalog_version=(last or 0) + 1,
        issued_at=now,
        expires_at=now + validity,
        templates=[_template_entry(t, session) for t in templates],
        office_keys={o.id: json.loads(o.public_jwk) for o in offices},
        directory=_directory_entry(session),
        backup_recovery_key=recovery_key(session),
    )


def legacy_body(body: ManifestBody) -> dict[str, Any]:
    """The manifest as laptops from before layout 2 know it: only their fields, and only
    the templates they can load (format 1, no files). Their models forbid any other key,
    and they verify the canonical JSON of their own model dump, which is exactly the
    RFC 8785 form of this dict."""
    data = body.model_dump(mode="json")
    out = {key: data[key] for key in LEGACY_BODY_FIELDS}
    out["templates"] = [
        {key: entry[key] for key in LEGACY_TEMPLATE_FIELDS}
        for entry in data["templates"]
        if entry["format"] == 1 and not entry["files"]
    ]
    return out


@dataclass(frozen=True)
class Published:
    """What `publish` signed and stored."""

    body: ManifestBody
    document: str
    key_id: str
    legacy_templates: int


def publish(
    session: Session, key: Ed25519PrivateKey, validity: dt.timedelta = dt.timedelta(days=90)
) -> Published:
    """Build, sign and store the next manifest (signing happens here, in the admin tool)."""
    body = build_manifest(session, validity)
    if not body.templates:
        raise CatalogError("the catalog is empty; add templates first")
    missing = sorted(
        {
            t.office_id
            for t in session.scalars(select(StoredTemplate)).all()
            if t.office_id not in body.office_keys
        }
    )
    if missing:
        raise CatalogError(
            "no public key for office(s) " + ", ".join(missing) + "; use 'office add'"
        )
    document = crypto.sign_manifest(body, key)
    legacy = legacy_body(body)
    legacy_document = crypto.sign_manifest(legacy, key)
    register_signing_key(session, crypto.public_key_text(key))
    for text in (document, legacy_document):
        crypto.verify_manifest(text, [crypto.catalog_key(key)])
    session.add(
        PublishedManifest(
            catalog_version=body.catalog_version,
            document=document,
            etag=crypto.sha256_hex(document.encode("utf-8")),
            published_at=utcnow(),
            legacy_document=legacy_document,
            legacy_etag=crypto.sha256_hex(legacy_document.encode("utf-8")),
        )
    )
    return Published(
        body=body,
        document=document,
        key_id=crypto.catalog_key(key).key_id,
        legacy_templates=len(legacy["templates"]),
    )


def catalog_file(session: Session, sha256: str) -> CatalogFile | None:
    """A stored catalog file by hash."""
    return session.get(CatalogFile, sha256)


def latest_manifest(session: Session) -> PublishedManifest | None:
    """The newest published manifest, as stored."""
    return session.scalars(
        select(PublishedManifest).order_by(PublishedManifest.catalog_version.desc()).limit(1)
    ).first()
