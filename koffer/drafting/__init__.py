"""The application layer: a draft's life cycle and every rule about it, without Qt.

The UI shows state and forwards intents; what a draft may do next, what it starts
with, how an answer reads, what the citizen reviewed and signed, what a printout may
claim: all of it is decided here, and tested without a QApplication.

Modules (one job each):

- `workspace`: the unlocked profile (`Workspace`): create/open/save drafts, take steps.
- `lifecycle`: the stages and the allowed steps (`Step`, `step()`, `StepRefused`).
- `editor`: one open draft in memory (`DraftEditor`): edits with an actor, undo,
  evaluation, whether the signature still holds.
- `saving`: the editor's ordered, coalescing saves through the store lane (`Saver`).
- `review`: what the citizen reviews (`build_review`) and its digest (`review_digest`).
- `signing`, `finalising`, `delivery`: the steps (sign on pad or paper; finalise and
  seal; send, receive, purge, return).
- `claims`: what a printout may be and say (`print_plan`).
- `defaults`: what a new draft and a new group row start with.
- `moving`: a draft onto its form's newest version.
- `catalog`: every form the laptop knows (`Catalog`).
- `listing`: the applications list and finding one in it (birth date, address, typos).
- `idle`: when the idle laptop warns and locks; where unlocking goes back to.
- `actors`: who acts (`Actor`); `wording`: the German words for stages and finalising.
"""
