"""The form catalog on the server: templates, offices and signed manifests.

The admin tool adds templates (validated with `forms`), offices (public keys only) and
publishes manifests it signs with the offline Ed25519 key. The API only *reads*: it serves
the newest signed manifest byte for byte and the template files; the server holds no key
that could sign a manifest.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.errors import TemplateError
from forms.loader import load_template_text
from forms.model import Template
from sync import crypto
from sync.protocol import ManifestBody, ManifestTemplate, SignedManifest
from sync.server.db import Office, PublishedManifest, SigningKey, StoredTemplate, utcnow


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


def add_template(session: Session, content: bytes, source: str) -> AddedTemplate:
    """Store a validated template; a published (id, version) can never change content."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{source}: the file is not UTF-8 text") from exc
    template = validate_template(text, source)
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
        templates=[
            ManifestTemplate(
                id=t.template_id,
                version=t.version,
                sha256=t.sha256,
                size=t.size,
                title=t.title,
                retired_after=t.retired_after,
            )
            for t in templates
        ],
        office_keys={o.id: json.loads(o.public_jwk) for o in offices},
    )


def publish(
    session: Session, key: Ed25519PrivateKey, validity: dt.timedelta = dt.timedelta(days=90)
) -> SignedManifest:
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
    signed = crypto.sign_manifest(body, key)
    register_signing_key(session, crypto.public_key_text(key))
    crypto.verify_manifest(signed, [crypto.catalog_key(key)])
    document = json.dumps(signed.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    session.add(
        PublishedManifest(
            catalog_version=body.catalog_version,
            document=document,
            etag=crypto.sha256_hex(document.encode("utf-8")),
            published_at=utcnow(),
        )
    )
    return signed


def latest_manifest(session: Session) -> PublishedManifest | None:
    """The newest published manifest, as stored."""
    return session.scalars(
        select(PublishedManifest).order_by(PublishedManifest.catalog_version.desc()).limit(1)
    ).first()
