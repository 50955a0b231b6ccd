"""Reports built from the inventory and the workspace for the CLI (and later PDF/GUI): no Qt."""
