"""Versioned schema migrations, applied in order on start."""
