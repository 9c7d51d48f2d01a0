"""The thin Dagster layer: assets per stage, checks generated from the registry, jobs, the sensor and the
schedule, resources, and the `Definitions` that workspace.yaml loads."""
