"""Printing: documents as a neutral layout, renderers that make bytes, transports that move them."""
