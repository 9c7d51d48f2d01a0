"""Plan text to rows: the layout readers (all to one grid of cells with line spans), header roles, the value
grammar, the interpretation of a table into indicators and targets, and the isolation that keeps one plan's
failure its own. The national resolution is read here too, through the same grammar."""
