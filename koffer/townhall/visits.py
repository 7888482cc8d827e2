"""The town hall's appointments ("Termine"): kept in drafts.db, since they name citizens.

A sync pass brings the staff member's visits; they are added once (the town hall's id →
the local id is kept in device.db, ids only), and visits the town hall cancelled are
dropped unless the worker has already used them. The town hall's suggested forms ride
in the visit's note, so the visits list can offer them first.
"""

from __future__ import annotations

from koffer.settings import VISIT_IDS
from koffer.store import DeviceStore, DraftStore
from sync.protocol import Visit

_FORMS_PREFIX = "Formulare: "


def store_visits(drafts: DraftStore, device: DeviceStore, visits: list[Visit]) -> None:
    """Add new town-hall visits to drafts.db, drop those the town hall cancelled."""
    known: dict[str, str] = {str(k): str(v) for k, v in VISIT_IDS.read(device).items()}
    local = {v.id: v for v in drafts.list_visits()}
    wanted = {v.id for v in visits}
    for remote_id, local_id in list(known.items()):
        if remote_id not in wanted:
            mine = local.get(local_id)
            if mine is not None and not mine.done and mine.draft_id is None:
                drafts.remove_visit(local_id)
            known.pop(remote_id)
    for visit in visits:
        if visit.id in known and known[visit.id] in local:
            continue
        note = visit.purpose
        if visit.suggested_forms:
            note += "\n" + _FORMS_PREFIX + ", ".join(visit.suggested_forms)
        added = drafts.add_visit(
            visit.citizen_name, visit.starts_at, address=visit.address, note=note
        )
        known[visit.id] = added.id
    VISIT_IDS.write(device, known)


def suggested_forms(note: str) -> list[str]:
    """Template ids the town hall suggested for a visit (kept in the visit's note)."""
    for line in note.splitlines():
        if line.startswith(_FORMS_PREFIX):
            return [t.strip() for t in line.removeprefix(_FORMS_PREFIX).split(",") if t.strip()]
    return []
