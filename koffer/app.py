"""Application wiring: profile paths and the services the UI and CLI share."""
