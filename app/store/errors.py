"""Errors of the local database layer."""


class StoreError(RuntimeError):
    """The local database cannot be used (disk full, file damaged, newer schema than this program)."""
