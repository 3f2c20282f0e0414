"""Use cases on top of storage, shared by handlers, flows, the CLI and the scheduler.

They take a unit of work and plain values, never aiogram objects, and never commit.
"""
