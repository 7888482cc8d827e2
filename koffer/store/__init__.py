"""Encrypted local store (SQLCipher); no Qt."""
