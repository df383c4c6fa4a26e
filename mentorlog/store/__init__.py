"""The repository on disk: reading, atomic writes, path safety and git."""
