"""Which failures are transient: the database, Redis or Telegram out of reach for a while.

A webhook worker answers them with 503 so Telegram redelivers the update; the outbox sender
waits and tries again. Anything else is a bug, or a refusal that will not change — and that
includes most `OSError`s: a missing file or a permission refused will be the same on every
redelivery, so such an update is kept as a dead letter, not redelivered for ever. Of the
operating system's errors only the network's count: a refused, reset or timed-out connection,
an unreachable host, a name that did not resolve.
"""

from __future__ import annotations

import asyncio
import errno
import socket

from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from asyncpg.exceptions import (
    CannotConnectNowError,
    ConnectionDoesNotExistError,
    PostgresConnectionError,
    TooManyConnectionsError,
)
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError

TRANSIENT: tuple[type[BaseException], ...] = (
    OperationalError, InterfaceError, DisconnectionError, RedisConnectionError, RedisTimeoutError,
    ConnectionError, socket.gaierror, asyncio.TimeoutError, TelegramNetworkError,
    TelegramServerError, PostgresConnectionError, CannotConnectNowError,
    ConnectionDoesNotExistError, TooManyConnectionsError)

NETWORK_ERRNOS = frozenset({
    errno.ECONNREFUSED, errno.ECONNRESET, errno.ECONNABORTED, errno.ETIMEDOUT,
    errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTDOWN, errno.EPIPE,
    errno.EADDRNOTAVAIL})


def _network_oserror(error: OSError) -> bool:
    if error.errno in NETWORK_ERRNOS:
        return True
    # asyncio's create_connection, having tried every address of a host, raises a plain
    # OSError("Multiple exceptions: …") with no errno: the database's host did not answer.
    return error.errno is None and str(error).startswith("Multiple exceptions:")


def is_transient(error: BaseException) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, TRANSIENT):
        return True
    return isinstance(error, OSError) and _network_oserror(error)
