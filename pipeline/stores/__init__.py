"""What a run keeps for the next: atomically written files, each plan's stored extraction, the gathered
tables patched where plans changed, and per-plan digests that tell a stored result from a stale one."""
