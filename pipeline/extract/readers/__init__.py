"""The layout readers: each turns one family of plan text (tabbed, tab rows, pipe tables, one cell per line,
PDF text, drawn PDF and Word tables) into the same grid of cells with their line spans."""
