"""A person's decisions on the tables: officers' overrides of targets and the review queue of flagged
rows."""
