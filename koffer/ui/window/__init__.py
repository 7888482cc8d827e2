"""The main window, in parts: the shell (`shell`: layout, navigation, alerts), the
"Einstellungen" menu and what it sets (`view_menu`), the profile flow (`profile_flow`: first
run, unlock, lock) and the draft flow (`draft_flow`: new, open, review, sign, finalise)."""
