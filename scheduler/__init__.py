"""Timed work. Jobs use storage, the ui texts and a Bot — never handlers."""
