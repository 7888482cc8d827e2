"""koffer's side of the town-hall link, over the encrypted store (no Qt).

`sync` declares what it needs from the laptop (`sync.ports`); `store_port` implements it
over device.db (always open: keyring key only) and, while unlocked, the application
layer's open drafts. `manifest` reads the installed, verified catalog manifest;
`visits` keeps the town hall's appointments. The headless `koffer sync` is
`koffer.sync_command`.
"""
