"""Lineage per concept: the graph from source lines to published rows, its Graphviz picture, its store,
and the check that every target is in one graph."""
