"""Plans' indicators to the canonical catalog: the catalog, the linker, each target as its concept reads
it, the plan hierarchy, and the consistency findings across plans and levels."""
