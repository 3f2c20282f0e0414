"""The local Bot API over real HTTP on 127.0.0.1, for the polling path, tests and benchmarks.

Requests arrive as Telegram's do (`POST /bot<token>/<method>`, form fields or JSON) and are
answered by `LocalBotAPI`; `getUpdates` long-polls a queue that tests fill with updates.

It is also a test double for what makes delivering messages hard, so the outbox sender and the
webhook workers can be tested and benchmarked against it rather than against Telegram (the
faults and limits themselves, and the records of what arrived, are `playground.sending`'s; here
they meet HTTP):

- `inject(Fault...)`: the next sends (to one chat or to any) answer with one of Telegram's
  failures (429 retry after, 403 blocked/kicked, 400 chat not found, migrate to a supergroup,
  5xx, or a request held open past the client's timeout), each in Telegram's own JSON shape so
  aiogram raises the exception it raises in production.
- `RateLimits`: Telegram's sending limits as sliding windows on arrival times, either observed
  (counted, answered normally) or enforced (answered 429 with a retry_after, like Telegram).
- `deliveries`, `duplicates()`, `arrival_log`, `stats`: what was accepted, when, and how often.
- `deliver_webhook(update)`: an update POSTed to the webhook URL as Telegram does.
- `python -m playground.server --token T ...`: the same in its own process (a benchmark's
  sender and this server then do not share a core), with `GET /_stats`, `POST /_reset`,
  `POST /_faults` and `POST /_push` to drive and read it from outside.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import math
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast, get_args

import aiohttp
from aiohttp import web

from playground.api import GROUP_TYPES, Json, LocalBotAPI, Upload
from playground.sending import (
    SENDING_METHODS,
    Arrival,
    ChatKey,
    Delivery,
    Fault,
    Mode,
    RateLimits,
    SendStats,
    SendWindows,
    chat_key,
    telegram_error,
)

# Fields whose value is always a plain string, even when it looks like JSON ("123", "true").
_TEXT_FIELDS = frozenset({"text", "caption", "description", "title", "query_id",
                          "callback_query_id", "url", "secret_token"})


def _decode(key: str, value: str) -> Any:
    if key in _TEXT_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


@dataclass
class _PendingFault:
    fault: Fault
    left: int


# --- the server -------------------------------------------------------------------------------


class BotAPIServer:
    def __init__(
        self,
        api: LocalBotAPI,
        *,
        token: str,
        limits: RateLimits | None = None,
        mode: Mode = "observe",
        clock: Callable[[], float] = time.monotonic,
        keep_log: bool = True,
    ) -> None:
        """`clock` is the server's notion of time for windows and logs (monotonic seconds;
        tests pass a fake one). `keep_log=False` keeps the counters but not the per-send
        arrival log and deliveries, for runs too long to keep them."""
        self.api, self.token = api, token
        self.limits = limits or RateLimits()
        self.mode: Mode = mode
        self.clock = clock
        self.keep_log = keep_log
        self.updates: asyncio.Queue[Json] = asyncio.Queue()
        self._offset = 0
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._closing = asyncio.Event()
        self.base_url = ""
        self._faults: list[_PendingFault] = []
        # Hooks that add routes (the browser playground's page and JSON API) to the app.
        self.extra_routes: list[Callable[[web.Application], None]] = []
        # Called after `POST /_reset`: the process of its own freezes its heap there.
        self.after_reset: Callable[[], None] | None = None
        self.reset()

    def push(self, update: Json) -> None:
        self.updates.put_nowait(update)

    # --- faults, counters, recording ------------------------------------------------------

    def inject(self, *faults: Fault) -> None:
        """Queue faults for the next matching sends, in this order."""
        self._faults.extend(_PendingFault(fault, fault.times) for fault in faults)

    @property
    def pending_faults(self) -> list[tuple[Fault, int]]:
        """The faults not yet used up, with how many sends each will still fail."""
        return [(pending.fault, pending.left) for pending in self._faults]

    def reset(self, *, limits: RateLimits | None = None, mode: Mode | None = None) -> None:
        """Forget counters, windows, log, deliveries and pending faults (between benchmark
        rounds), optionally with other limits or mode."""
        self.limits = limits or self.limits
        self.mode = mode or self.mode
        self.windows = SendWindows(self.limits)
        self.stats = SendStats()
        self.arrival_log: list[Arrival] = []
        self.deliveries: list[Delivery] = []
        self._faults.clear()

    def arrivals(self, chat_id: ChatKey) -> list[float]:
        """When sends to one chat arrived (monotonic, the server's clock), whatever they got."""
        return [arrival.time for arrival in self.arrival_log if arrival.chat_id == chat_id]

    def deliveries_per_chat(self) -> Counter[ChatKey | None]:
        return Counter(delivery.chat_id for delivery in self.deliveries)

    def duplicates(self) -> dict[tuple[ChatKey | None, str], int]:
        """(chat, text) delivered more than once -> how many times: what a person would see as
        the same message twice (e.g. a retry after a timeout that was in fact delivered)."""
        counts = Counter((delivery.chat_id, delivery.text) for delivery in self.deliveries)
        return {key: count for key, count in counts.items() if count > 1}

    def stats_json(self, *, deliveries: bool = False, arrivals: bool = False) -> Json:
        """What `GET /_stats` answers; the long lists only on request."""
        duplicates = self.duplicates()
        data: Json = {
            **self.stats.as_json(), "mode": self.mode, "limits": str(self.limits),
            "pending_faults": sum(pending.left for pending in self._faults),
            "arrivals": len(self.arrival_log),
            "duplicates": sum(count - 1 for count in duplicates.values()),
            "duplicate_pairs": [[chat_id, text, count]
                                for (chat_id, text), count in duplicates.items()],
            "deliveries_per_chat": {str(chat_id): count
                                    for chat_id, count in self.deliveries_per_chat().items()},
        }
        if deliveries:
            data["deliveries"] = [[d.chat_id, d.text, d.time, d.method] for d in self.deliveries]
        if arrivals:
            data["arrival_log"] = [[a.time, a.chat_id, a.method, a.status]
                                   for a in self.arrival_log]
        return data

    # --- sending methods --------------------------------------------------------------------

    def _is_group(self, chat_id: ChatKey | None) -> bool:
        if isinstance(chat_id, str):
            return True  # "@name" addresses a public group or channel, never a private chat
        chat = self.api.chats.get(chat_id) if chat_id is not None else None
        if chat is not None:
            return chat["type"] in GROUP_TYPES or chat["type"] == "channel"
        return chat_id is not None and chat_id < 0

    def _take_fault(self, method: str, chat_id: ChatKey | None) -> Fault | None:
        for index, pending in enumerate(self._faults):
            if pending.fault.matches(method, chat_id):
                pending.left -= 1
                if pending.left == 0:
                    del self._faults[index]
                self.stats.faults[pending.fault.kind] += 1
                return pending.fault
        return None

    async def _hold(self, seconds: float | None) -> bool:
        """Wait `seconds` (None: until the server stops); False if the server is stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), timeout=seconds)
        return not self._closing.is_set()

    async def _send(self, method: str, params: Json, files: dict[str, bytes]) -> tuple[Json, int]:
        lowered = method.lower()
        chat_id = chat_key(params.get("chat_id"))
        arrival = Arrival(self.clock(), chat_id, method)
        if self.keep_log:
            self.arrival_log.append(arrival)
        fault = self._take_fault(lowered, chat_id) if self._faults else None
        if fault is None:
            response = self._within_limits(method, params, files, chat_id, arrival.time)
        elif fault.kind == "timeout":
            if not await self._hold(fault.delay) or not fault.then_answer:
                await self._hold(None)
                arrival.status = 502  # only reached when the server stops
                return telegram_error(502, "Bad Gateway"), 502
            # Answered late, it counts in the windows when it is answered, not when it came.
            response = self._within_limits(method, params, files, chat_id, self.clock())
        else:
            if fault.kind == "migrate" and isinstance(chat_id, int):
                self.api.migrate_group(chat_id, fault.migrate_to_chat_id)
            response = fault.response()
        status = 200 if response["ok"] else int(response["error_code"])
        if status == 429:
            self.stats.answered_429 += 1
        arrival.status = status
        return response, status

    def _within_limits(self, method: str, params: Json, files: dict[str, bytes],
                       chat_id: ChatKey | None, now: float) -> Json:
        is_group = self._is_group(chat_id)
        exceeded = self.windows.exceeded(chat_id, is_group, now)
        for kind, _wait in exceeded:
            self.stats.violations[kind] += 1
        if exceeded and self.mode == "enforce":
            self.stats.rate_limited += 1
            # Telegram says whole seconds; the float slack keeps an exact 1.0 from becoming 2.
            retry_after = max(1, math.ceil(max(wait for _kind, wait in exceeded) - 1e-9))
            return telegram_error(429, f"Too Many Requests: retry after {retry_after}",
                          retry_after=retry_after)
        response = self.api.handle(method, params, files)
        if not response["ok"]:
            self.stats.errors[int(response["error_code"])] += 1
            return response
        self.windows.add(chat_id, now)
        self.stats.accepted += 1
        if self.keep_log:
            text = params.get("text") if "text" in params else params.get("caption")
            self.deliveries.append(Delivery(chat_id, str(text or ""), now, method))
        return response

    # --- HTTP -------------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> tuple[Json, dict[str, bytes]]:
        params: Json = {}
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            params = await request.json()
        elif request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.filename:  # type: ignore[union-attr]
                    files[part.name or ""] = Upload(await part.read(),  # type: ignore[union-attr]
                                                    part.filename)  # type: ignore[union-attr]
                else:
                    params[part.name or ""] = _decode(part.name or "", await part.text())  # type: ignore[union-attr]
        else:
            form = await request.post()
            params = {key: _decode(key, str(value)) for key, value in form.items()}
        return params, files

    async def _get_updates(self, params: Json) -> Json:
        if self.api.webhook:
            return telegram_error(409, "Conflict: can't use getUpdates method while webhook is "
                                       "active; use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        self._offset = max(self._offset, offset)
        timeout = float(params.get("timeout") or 0)
        result: list[Json] = []
        if self.updates.empty():
            # Wake for an update or for stop(), so a long poll never holds the shutdown.
            getter = asyncio.ensure_future(self.updates.get())
            closing = asyncio.ensure_future(self._closing.wait())
            await asyncio.wait((getter, closing), timeout=timeout or 0.01,
                               return_when=asyncio.FIRST_COMPLETED)
            closing.cancel()
            if getter.done():
                result.append(getter.result())
            else:
                getter.cancel()
        while not self.updates.empty():
            result.append(self.updates.get_nowait())
        return {"ok": True, "result": result}

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(telegram_error(401, "Unauthorized"), status=401)
        method = request.match_info["method"]
        params, files = await self._params(request)
        lowered = method.lower()
        if lowered == "getupdates":
            response = await self._get_updates(params)
        elif lowered in SENDING_METHODS:
            response, status = await self._send(method, params, files)
            return web.json_response(response, status=status)
        else:
            response = self.api.handle(method, params, files)
            if lowered in ("setwebhook", "deletewebhook") and params.get("drop_pending_updates"):
                while not self.updates.empty():
                    self.updates.get_nowait()
        status = 200 if response["ok"] else int(response["error_code"])
        return web.json_response(response, status=status)

    async def _stats(self, request: web.Request) -> web.Response:
        flags = request.query
        return web.json_response(self.stats_json(deliveries=flags.get("deliveries") == "1",
                                                 arrivals=flags.get("arrivals") == "1"))

    async def _reset(self, request: web.Request) -> web.Response:
        body: Json = await request.json() if request.can_read_body else {}
        mode = body.get("mode")
        try:
            limits = RateLimits.parse(body["limits"]) if body.get("limits") else None
            if mode not in (None, *get_args(Mode)):
                raise ValueError(f"unknown mode {mode!r}")
        except ValueError as error:
            return web.json_response(telegram_error(400, str(error)), status=400)
        self.reset(limits=limits, mode=cast(Mode | None, mode))
        if self.after_reset is not None:
            self.after_reset()
        return web.json_response({"ok": True, "result": True})

    async def _inject(self, request: web.Request) -> web.Response:
        body = await request.json()
        try:
            faults = [Fault.from_json(item) for item in (body if isinstance(body, list) else [body])]
        except (KeyError, TypeError, ValueError) as error:
            return web.json_response(telegram_error(400, str(error)), status=400)
        self.inject(*faults)
        return web.json_response({"ok": True, "result": len(faults)})

    async def _push(self, request: web.Request) -> web.Response:
        self.push(await request.json())
        return web.json_response({"ok": True, "result": True})

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._closing.clear()
        app = web.Application()
        app.router.add_post(r"/bot{token}/{method}", self.handle)
        app.router.add_get(r"/bot{token}/{method}", self.handle)
        app.router.add_get("/_stats", self._stats)
        app.router.add_post("/_reset", self._reset)
        app.router.add_post("/_faults", self._inject)
        app.router.add_post("/_push", self._push)
        for add_routes in self.extra_routes:
            add_routes(app)
        # Held requests and long polls wake on stop(); the short grace is only a safety net.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = site._server.sockets[0].getsockname()  # type: ignore[union-attr]
        self.base_url = f"http://{host}:{bound[1]}"
        return self.base_url

    async def stop(self) -> None:
        self._closing.set()
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- webhooks ---------------------------------------------------------------------------

    async def deliver_webhook(self, update: Json, *, url: str | None = None,
                              secret_token: str | None = None, timeout: float = 10.0) -> int:
        """POST one update to the webhook as Telegram does; the HTTP status it answered.

        By default to what setWebhook recorded (url and secret token). A webhook that does not
        answer in `timeout` seconds raises TimeoutError, as a connection failure raises
        aiohttp's ClientError: to Telegram both are failed deliveries it would retry.
        """
        url = url or self.api.webhook.get("url")
        if not url:
            raise LookupError("no webhook is set")
        if secret_token is None:
            secret_token = self.api.webhook.get("secret_token")
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token else {}
        if self._client is None:
            self._client = aiohttp.ClientSession()
        async with self._client.post(url, json=update, headers=headers,
                                     timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            await response.read()
            return response.status


# --- its own process --------------------------------------------------------------------------


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m playground.server",
                                     description="The local Bot API in its own process.")
    parser.add_argument("--token", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = any free port")
    parser.add_argument("--limits", default="", help="e.g. overall=30/1,private=1/1,group=20/60")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every limit")
    parser.add_argument("--mode", choices=get_args(Mode), default="observe")
    parser.add_argument("--auto-create", action="store_true", help="accept unknown chat ids")
    parser.add_argument("--keep-history", action="store_true",
                        help="keep every call and message in LocalBotAPI (memory grows)")
    parser.add_argument("--no-log", action="store_true",
                        help="keep counters only, not the arrival log and deliveries")
    return parser.parse_args(argv)


def freeze_heap() -> None:
    """Move every object alive now out of the garbage collector's sight (`gc.freeze`).

    A server that stamps arrivals must not pause: a full collection walks the whole heap
    (aiohttp, the chats, the logs of earlier rounds) and took 30–75 ms here, while requests
    queued and were then stamped together, as if the sender had burst (bench/README.md).
    Frozen, a collection walks only what the current round made."""
    gc.collect()
    gc.freeze()


async def serve(argv: Sequence[str] | None = None) -> None:
    """Run until SIGTERM/SIGINT, after printing the base URL as the first line of stdout."""
    args = _arguments(argv)
    api = LocalBotAPI(auto_create_chats=args.auto_create, keep_history=args.keep_history)
    limits = RateLimits.parse(args.limits).scaled(args.scale)
    server = BotAPIServer(api, token=args.token, limits=limits, mode=args.mode,
                          keep_log=not args.no_log)
    base_url = await server.start(args.host, args.port)
    server.after_reset = freeze_heap
    freeze_heap()
    print(base_url, flush=True)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await stopping.wait()
    finally:
        await server.stop()


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(serve(argv))


if __name__ == "__main__":
    main(sys.argv[1:])

