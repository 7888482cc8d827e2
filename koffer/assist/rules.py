"""What a remote expert may do, decided on the laptop whatever the server relays.

An expert may point at a field, propose a value with a reason, comment, and ask for the
draft's state. Nothing else: no signing, printing, finalising, no other draft, no
attachment the worker did not share, and no writing into the shared draft itself. The
laptop refuses every other message kind, and every proposal that does not name a field
the form lets a person answer. Proposals that pass still go through the worker (who
accepts or rejects each) and then through the same edit rules as the worker's typing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from forms.model import FormField, Template
from forms.paths import parse_path
from sync.protocol import MAX_PROPOSED_VALUE_CHARS, ProposedValue

#: Message kinds an expert may send; everything else is refused.
EXPERT_MAY_SEND = frozenset({"resume", "ack", "sync", "point", "propose", "comment"})
#: Field types an expert cannot propose a value for.
NOT_PROPOSABLE = frozenset({"signature", "attachment", "info", "group"})
#: Open (undecided) proposals at once; more are refused until the worker decides.
MAX_OPEN_PROPOSALS = 100
#: Comments in one session.
MAX_COMMENTS = 500

#: German texts of refusals, by message kind; the worker and the expert both see them.
REFUSED_KINDS: dict[str, str] = {
    "sign": "Eine Expertin kann nicht unterschreiben lassen. Die Unterschrift leistet nur "
    "die Bürgerin oder der Bürger vor Ort.",
    "print": "Eine Expertin kann nicht drucken. Das geschieht nur am Koffer.",
    "finalise": "Eine Expertin kann einen Antrag nicht abschließen. Das geschieht nur am "
    "Koffer, nach der Unterschrift.",
    "open_draft": "Eine Sitzung zeigt nur diesen einen Antrag. Andere Anträge sind nicht "
    "zugänglich.",
    "attachment": "Diese Anlage wurde nicht freigegeben.",
    "update": "Nur der Koffer im Außendienst ändert den Antrag. Bitte einen Vorschlag machen.",
    "file_part": "Nur der Koffer im Außendienst gibt Anlagen frei.",
    "refused": "Diese Nachricht ist von einer Expertin nicht erlaubt.",
}
MSG_UNKNOWN_KIND = "Diese Nachricht wurde nicht erkannt und abgelehnt."
MSG_MALFORMED = "Diese Nachricht war fehlerhaft und wurde abgelehnt."


@dataclass(frozen=True)
class Refusal(Exception):  # noqa: N818 - a decision, not an error
    """An expert's message or proposal is refused; `message` is German."""

    kind: str
    message: str


def refusal_for_kind(kind: str | None) -> Refusal | None:
    """The refusal of a message kind an expert may not send (None: allowed)."""
    if kind in EXPERT_MAY_SEND:
        return None
    if kind is None:
        return Refusal("unknown", MSG_MALFORMED)
    return Refusal(kind, REFUSED_KINDS.get(kind, MSG_UNKNOWN_KIND))


def check_proposal(
    template: Template,
    path: str,
    value: ProposedValue,
    rows: dict[str, int],
) -> FormField:
    """The field a proposal is for, if an expert may propose it; else `Refusal`.

    Args:
        rows: the number of rows of each repeat group now (a proposal for a row that
            does not exist is refused; the worker adds rows).
    """
    target = template.field_at(path)
    if target is None:
        raise Refusal("propose", "Dieses Feld gibt es in diesem Formular nicht.")
    if target.type in NOT_PROPOSABLE or target.compute is not None:
        raise Refusal("propose", "Für dieses Feld kann kein Wert vorgeschlagen werden.")
    field_id, index, _ = parse_path(path)
    if index is not None and index >= rows.get(field_id, 0):
        raise Refusal("propose", "Diese Zeile gibt es im Antrag nicht.")
    if len(json.dumps(value, ensure_ascii=False)) > MAX_PROPOSED_VALUE_CHARS:
        raise Refusal("propose", "Der vorgeschlagene Wert ist zu lang.")
    if isinstance(value, float):
        raise Refusal("propose", "Zahlen bitte als Text vorschlagen, z. B. „850,00“.")
    if target.type == "multichoice" and not (value is None or isinstance(value, list)):
        raise Refusal("propose", "Für eine Mehrfachauswahl bitte eine Liste vorschlagen.")
    if target.type != "multichoice" and isinstance(value, list):
        raise Refusal("propose", "Für dieses Feld bitte einen einzelnen Wert vorschlagen.")
    if target.type == "boolean" and not (value is None or isinstance(value, bool)):
        raise Refusal("propose", "Für eine Ja/Nein-Frage bitte Ja oder Nein vorschlagen.")
    return target
