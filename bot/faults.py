"""Which failures are transient: the database, Redis or Telegram out of reach for a while.

A webhook worker answers them with 503 so Telegram redelivers the update; the outbox sender
waits and tries again. Anything else is a bug, or a refusal that will not change.
"""

from __future__ import annotations

import asyncio

from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError

TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError, InterfaceError, DisconnectionError, RedisConnectionError, RedisTimeoutError,
    ConnectionError, OSError, asyncio.TimeoutError, TelegramNetworkError, TelegramServerError)


def is_transient(error: BaseException) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, TRANSIENT)
