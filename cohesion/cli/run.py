"""`cohesion run | chat | playground | sender | scheduler | webhook`: running the bot, in one
process (embedded) or as the processes of the scale-out setup."""

from __future__ import annotations

import argparse
import asyncio
import signal
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.config import Settings
from cohesion.cli.common import CliError, with_uow
from storage.db import create_engine, create_session_factory
from storage.migrate import prepare_database
from storage.uow import UnitOfWork


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="run the bot: Telegram with BOT_TOKEN, else the playground")
    run.add_argument("--local", action="store_true", help="the local playground even with a token")
    run.add_argument("--port", type=int, default=8080, help="the playground page's port")
    run.set_defaults(func=cmd_run)
    sub.add_parser("chat", help="the local chat with demo personas (no Telegram)").set_defaults(
        func=cmd_run, local=True, terminal=True)
    playground = sub.add_parser("playground", help="the bot and a Telegram-like page on 127.0.0.1")
    playground.add_argument("--port", type=int, default=8080, help="the page's port")
    playground.set_defaults(func=cmd_run, local=True)
    sender = sub.add_parser("sender", help="run an outbox sender process")
    sender.add_argument("--lease-seconds", type=float, default=60.0,
                        help="rows claimed by a sender that died are retried after this long")
    sender.set_defaults(func=cmd_sender)
    sub.add_parser("scheduler", help="run a scheduler process (one leads, others stand by)"
                   ).set_defaults(func=cmd_scheduler)
    webhook = sub.add_parser("webhook", help="webhook mode: set it once at deploy, run workers")
    webhook.add_argument("action", choices=["set", "delete", "info", "serve"])
    webhook.add_argument("--host", help="serve: address to listen on (WEBHOOK_HOST)")
    webhook.add_argument("--port", type=int, help="serve: port (WEBHOOK_PORT)")
    webhook.add_argument("--with-background", action="store_true",
                         help="serve: also run the outbox sender and the scheduler")
    webhook.set_defaults(func=cmd_webhook)



def cmd_run(settings: Settings, args: argparse.Namespace) -> None:
    """Telegram with BOT_TOKEN; otherwise the browser playground (or, for `chat`, the terminal
    chat), with demo data in an empty database."""
    asyncio.run(prepare_database(settings.database_url))
    if settings.bot_token and not getattr(args, "local", False):
        from cohesion.run import run_polling

        asyncio.run(run_polling(settings, clock=args.clock))
        return
    from bot.demo import load_demo

    async def work(uow: UnitOfWork) -> bool:
        return await load_demo(uow, now=args.clock(), needs=True)

    asyncio.run(with_uow(settings, work))
    if getattr(args, "terminal", False):
        from cohesion.local import run_terminal_chat

        asyncio.run(run_terminal_chat(settings, clock=args.clock))
        return
    from cohesion.local import playground_main

    playground_main(settings, clock=args.clock, port=getattr(args, "port", 8080))


def cmd_sender(settings: Settings, args: argparse.Namespace) -> None:
    """The outbox sender as its own process (scale-out); stops on SIGTERM/SIGINT."""
    from cohesion.app import create_bot, limits
    from scheduler.sender import OutboxSender

    async def run() -> None:
        engine = create_engine(settings.database_url)
        bot = create_bot(settings)
        sender = OutboxSender(bot, create_session_factory(engine), clock=args.clock,
                              limits=limits(settings),
                              share=1 / settings.outbox_senders,
                              lease=timedelta(seconds=args.lease_seconds))
        try:
            await run_until_signalled(sender.run)
        finally:
            await bot.session.close()
            await engine.dispose()

    asyncio.run(run())


def cmd_scheduler(settings: Settings, args: argparse.Namespace) -> None:
    """A scheduler process: leads through the database, or stands by to take over."""
    from cohesion.app import create_scheduler

    async def run() -> None:
        engine = create_engine(settings.database_url)
        service = create_scheduler(settings, engine, create_session_factory(engine),
                                   clock=args.clock)
        try:
            await run_until_signalled(service.run)
        finally:
            await engine.dispose()

    asyncio.run(run())


def cmd_webhook(settings: Settings, args: argparse.Namespace) -> None:
    from cohesion.app import create_bot, create_dispatcher

    if args.action == "serve":
        cmd_webhook_serve(settings, args)
        return
    bot = create_bot(settings)

    async def work() -> str:
        try:
            if args.action == "set":
                if not settings.webhook_url or not settings.webhook_secret:
                    raise CliError("set WEBHOOK_URL and WEBHOOK_SECRET first")
                engine = create_engine(settings.database_url)
                dispatcher = create_dispatcher(settings=settings, clock=args.clock,
                                               sessions=create_session_factory(engine))
                await bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                      allowed_updates=dispatcher.resolve_used_update_types(),
                                      drop_pending_updates=False)
                await engine.dispose()
                return f"webhook set to {settings.webhook_url}"
            if args.action == "delete":
                await bot.delete_webhook(drop_pending_updates=False)
                return "webhook deleted: use long polling (`cohesion run`) or set it again"
            info = await bot.get_webhook_info()
            return (f"url: {info.url or '(none)'}\npending updates: {info.pending_update_count}"
                    f"\nlast error: {info.last_error_message or '(none)'}")
        finally:
            await bot.session.close()

    print(asyncio.run(work()))


def cmd_webhook_serve(settings: Settings, args: argparse.Namespace) -> None:
    """One webhook worker; `--with-background` also runs the sender and the scheduler here."""
    from redis.asyncio import Redis

    from bot.webhook import WebhookWorker, serve
    from cohesion.app import create_bot, create_dispatcher, introduce
    from cohesion.run import background

    if not settings.webhook_secret:
        raise CliError("a webhook worker needs WEBHOOK_SECRET (the same one `webhook set` used)")

    async def run() -> None:
        await prepare_database(settings.database_url)
        engine = create_engine(settings.database_url)
        sessions = create_session_factory(engine)
        bot = create_bot(settings)
        known = await introduce(bot, settings)
        dispatcher = create_dispatcher(settings=known, sessions=sessions, clock=args.clock,
                                       raise_transient=True)
        redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
        worker = WebhookWorker(bot=bot, dispatcher=dispatcher, engine=engine, sessions=sessions,
                               secret=settings.webhook_secret or "", path=settings.webhook_path,
                               redis=redis, clock=args.clock)
        runner = await serve(worker, args.host or settings.webhook_host,
                             args.port or settings.webhook_port)
        print(f"webhook worker on http://{args.host or settings.webhook_host}:"
              f"{args.port or settings.webhook_port}{settings.webhook_path}", flush=True)
        try:
            if args.with_background:
                async with background(known, bot, engine, sessions, clock=args.clock):
                    await run_until_signalled(None)
            else:
                await run_until_signalled(None)
        finally:
            await runner.cleanup()
            await bot.session.close()
            if redis is not None:
                await redis.aclose()
            await engine.dispose()

    asyncio.run(run())


async def run_until_signalled(service: Callable[[asyncio.Event], Awaitable[None]] | None) -> None:
    """Run `service(stop)` (or just wait) until SIGTERM or SIGINT sets `stop`."""
    from cohesion.run import freeze_startup_heap

    freeze_startup_heap()  # everything built before the service runs stays alive anyway
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if service is None:
        await stop.wait()
    else:
        await service(stop)
