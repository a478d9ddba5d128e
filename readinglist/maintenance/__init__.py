"""Keeping a library safe: rotating backups, restoring them, and diagnosing damage."""
