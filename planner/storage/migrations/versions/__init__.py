"""One module per schema revision (see planner.storage.migrations)."""
