"""Checks of the published tables: Pandera schemas and per-plan rules built from the core's registry, the
Great Expectations suite over a release, and the generated data dictionary (docs/). Imports the core, never the reverse."""
