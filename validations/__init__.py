"""Checks of the published tables: Pandera schemas and per-plan rules built from the core's registry, the
Great Expectations suite over a release, and the README data dictionary. Imports the core, never the reverse."""
