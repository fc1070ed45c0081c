"""Qt front-end: screens and widgets. No business rules here; services decide, widgets show."""
