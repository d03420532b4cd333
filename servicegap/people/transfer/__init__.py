"""The people app's import and export kinds: units (the tree) and people."""
