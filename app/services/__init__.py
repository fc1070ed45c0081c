"""Use cases of the counter: the only place that combines domain, store, central and devices."""
