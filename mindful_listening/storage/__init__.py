"""Session records: the SQLite store, autosave, export and import."""
