"""Extractions to the published tables' frames, typed by the registry: plans, indicators, targets and the
quarantine with its row accounting, and plain records of frames for the stages after."""
