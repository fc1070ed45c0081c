"""Pure domain rules of counterpos: codes, money, parcel and return statuses, tracking buckets, errors.

Nothing here does I/O or imports Qt; every other layer builds on it.
"""
