"""Barcode scanners: drivers that turn bytes or keystrokes into ScanEvents."""
