"""Webhook workers: Telegram POSTs updates here; several workers may run behind a proxy.

- Every request must carry Telegram's secret token header (compared in constant time);
  a wrong or missing one gets 401 and nothing is processed.
- An update is processed once, even when Telegram delivers the same update_id again or to
  two workers at once: the first worker to record the id in processed_update handles it, the
  others answer 200 at once. Ids are kept a day (the set of ids, not "the highest so far").
- A transient fault (database or Redis down) answers 503 and forgets the id, so Telegram's
  retry is processed; a bug in a handler is logged, kept as a dead letter, answered 200, and
  does not hold up that chat's next update.
- GET /health reports the database, Redis and the outbox backlog.

Setting the webhook is a separate command run once at deploy (`cohesion webhook set`).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiohttp import web
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.faults import is_transient
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookWorker:
    def __init__(
        self,
        *,
        bot: Bot,
        dispatcher: Dispatcher,
        engine: AsyncEngine,
        sessions: async_sessionmaker[AsyncSession],
        secret: str,
        path: str = "/telegram/webhook",
        clock: Clock,
        redis: Redis | None = None,
    ) -> None:
        if not secret:
            raise ValueError("a webhook worker needs a secret token (WEBHOOK_SECRET)")
        self.bot, self.dispatcher, self.engine, self.sessions = bot, dispatcher, engine, sessions
        self.secret = secret.encode()
        self.path, self.redis, self.clock = path, redis, clock

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(self.path, self.on_update)
        app.router.add_get("/health", self.on_health)
        return app

    def authorised(self, request: web.Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "").encode()
        return hmac.compare_digest(given, self.secret)

    async def on_update(self, request: web.Request) -> web.Response:
        if not self.authorised(request):
            return web.Response(status=401, text="unauthorised")
        try:
            data: dict[str, Any] = json.loads(await request.read())
            update_id = int(data["update_id"])
        except (ValueError, KeyError, TypeError):
            return web.Response(status=400, text="not an update")
        try:
            async with UnitOfWork(self.sessions) as uow:
                first = await uow.updates.claim(update_id, now=self.clock())
        except Exception as error:
            if not is_transient(error):
                raise
            log.warning("update %s: database unavailable (%r); answering 503", update_id, error)
            return web.Response(status=503, text="try again")
        if not first:
            return web.Response(status=200)  # a redelivery, or another worker has it
        try:
            await self.dispatcher.feed_raw_update(self.bot, data)
        except Exception as error:
            if is_transient(error):
                await self._forget(update_id)
                return web.Response(status=503, text="try again")
            # The error handler normally keeps bugs from reaching here; this is the last guard.
            log.exception("update %s failed outside the handlers", update_id)
            await self._set_status(update_id, "failed")
            return web.Response(status=200)
        await self._set_status(update_id, "done")
        return web.Response(status=200)

    async def _forget(self, update_id: int) -> None:
        try:
            async with UnitOfWork(self.sessions) as uow:
                await uow.updates.release(update_id)
        except Exception as error:  # the database is down: the id stays "processing"
            log.error("update %s could not be released for redelivery: %r", update_id, error)

    async def _set_status(self, update_id: int, status: str) -> None:
        try:
            async with UnitOfWork(self.sessions) as uow:
                await uow.updates.set_status(update_id, status)
        except Exception as error:
            log.warning("update %s processed, status not recorded: %r", update_id, error)

    async def on_health(self, request: web.Request) -> web.Response:
        report: dict[str, Any] = {}
        healthy = True
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            async with UnitOfWork(self.sessions) as uow:
                waiting, oldest = await uow.outbox.backlog()
                by_status = await uow.outbox.by_status()
            report["database"] = "ok"
            report["outbox"] = {
                "waiting": waiting,
                "oldest_due_seconds": round((self.clock() - oldest).total_seconds(), 1)
                if oldest else 0,
                "dead": by_status.get("dead", 0),
                "unreachable": by_status.get("unreachable", 0),
            }
        except Exception as error:
            healthy = False
            report["database"] = f"error: {type(error).__name__}"
        if self.redis is None:
            report["redis"] = "not used"
        else:
            try:
                await self.redis.ping()
                report["redis"] = "ok"
            except Exception as error:
                healthy = False
                report["redis"] = f"error: {type(error).__name__}"
        report["status"] = "ok" if healthy else "degraded"
        return web.json_response(report, status=200 if healthy else 503)


async def serve(worker: WebhookWorker, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(worker.app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
