"""HTTP client for the town-hall API: reachability, catalog pull, outbox push."""
