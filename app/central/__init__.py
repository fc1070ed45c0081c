"""The counter's side of the central system: HTTP client, error mapping, outbox sender, poller."""
