"""The sandbox: a local stand-in for the central system (ECMS), for demos, tests and integrators.

It shares only ``app.domain`` with the counter; it never uses the counter's store or client.
"""
