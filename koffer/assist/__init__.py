"""Remote expert sessions ("Kollegin zuschalten") without Qt: what is shared, what an
expert may do, and both ends' session models.

- `shared`: the CRDT document of the one shared draft, and what an expert may see of it.
- `rules`: what an expert may send, and how a proposal is checked against the form.
- `base`, `events`: what both ends' session models share, and what they tell the screen.
- `draft_port`: the open draft (the drafting layer's editor) as a session sees it.
- `owner`: the laptop's session (`OwnerSession`): consent, verification, proposals
  accepted or rejected by the worker, refusals, the end.
- `expert`: the expert's session (`ExpertSession`): a copy in memory only.
- `connect`: opening and joining sessions over the town-hall link.
- `expert_access`: the expert's access, enrolled once like a laptop (token in the keyring).
"""
