"""Integration tests: the Dagster graph, automation, storage, layers and docs, end to end."""
