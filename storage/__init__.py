"""Persistence: SQLModel models, engine and sessions, repositories, unit of work, migrations, data files.

Nothing here imports aiogram or the `bot` package.
"""
