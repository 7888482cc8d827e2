"""Wire models shared by the laptop client and the town-hall server (API v1)."""

API_VERSION = "v1"
