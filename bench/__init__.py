"""Benchmark for issue 6 ("National scale"): a synthetic corpus of plans with known targets, and its timings."""
