"""What makes sending hard, as the local Bot API plays it: Telegram's failures and flood limits.

`playground.server.BotAPIServer` answers every sending method through these rules; they know
nothing of HTTP, so they read (and are tested) apart from the server that applies them.

- `Fault`: how the next sends (to one chat or to any) fail, with one of Telegram's failures
  (429 retry after, 403 blocked/kicked, 400 chat not found, migrate to a supergroup, 5xx, or a
  request held open past the client's timeout), each in Telegram's own JSON shape so aiogram
  raises the exception it raises in production.
- `RateLimits`, `SendWindows`: Telegram's sending limits as sliding windows on arrival times,
  either observed (counted, answered normally) or enforced (answered 429 with a retry_after,
  like Telegram) — the server's `Mode`.
- `Arrival`, `Delivery`, `SendStats`: the records of what arrived, what was accepted, and how
  often each limit and fault applied.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

from playground.api import Json

# The methods Telegram's flood limits count (lower case, as matched): those that post a message.
SENDING_METHODS = frozenset({
    "sendmessage", "sendphoto", "senddocument", "sendvideo", "sendaudio", "sendvoice",
    "sendanimation", "sendsticker", "sendvideonote", "sendmediagroup", "sendlocation",
    "sendvenue", "sendcontact", "sendpoll", "senddice", "sendpaidmedia", "sendinvoice",
    "sendgame", "forwardmessage", "forwardmessages", "copymessage", "copymessages",
})

ChatKey = int | str  # an id, or "@username" when a chat is addressed by name
Mode = Literal["observe", "enforce"]
LimitKind = Literal["overall", "private", "group"]
FaultKind = Literal["retry_after", "blocked", "kicked", "chat_not_found", "migrate",
                    "server_error", "timeout"]


def chat_key(value: Any) -> ChatKey | None:
    """A `chat_id` as sent (int, digits, "@name") as the key chats are counted under."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)


def telegram_error(status: int, description: str, **parameters: Any) -> Json:
    """A failed call's answer in Telegram's shape (ok false, error_code, description)."""
    response: Json = {"ok": False, "error_code": status, "description": description}
    if parameters:
        response["parameters"] = parameters
    return response


# --- faults ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Fault:
    """How the next `times` matching sends fail; build one with the class methods.

    `chat_id=None` matches a send to any chat; `methods` (lower case) defaults to every sending
    method. Faults are consumed in the order they were injected: a send takes the first one
    that matches it.
    """

    kind: FaultKind
    chat_id: ChatKey | None = None
    times: int = 1
    methods: frozenset[str] = SENDING_METHODS
    retry_after: int = 0
    migrate_to_chat_id: int = 0
    status: int = 0
    description: str = ""
    delay: float = 0.0
    then_answer: bool = True

    def __post_init__(self) -> None:
        if self.times < 1:
            raise ValueError("a fault applies at least once")
        object.__setattr__(self, "methods", frozenset(m.lower() for m in self.methods))

    def matches(self, method: str, chat_id: ChatKey | None) -> bool:
        return method in self.methods and (self.chat_id is None or self.chat_id == chat_id)

    @classmethod
    def too_many_requests(cls, retry_after: int, *, chat_id: ChatKey | None = None,
                          times: int = 1) -> Fault:
        return cls(kind="retry_after", chat_id=chat_id, times=times, retry_after=retry_after)

    @classmethod
    def blocked(cls, *, chat_id: ChatKey | None = None, times: int = 1) -> Fault:
        """403 as from a private chat whose person blocked the bot."""
        return cls(kind="blocked", chat_id=chat_id, times=times)

    @classmethod
    def kicked(cls, *, chat_id: ChatKey | None = None, times: int = 1) -> Fault:
        """403 as from a group that removed the bot."""
        return cls(kind="kicked", chat_id=chat_id, times=times)

    @classmethod
    def chat_not_found(cls, *, chat_id: ChatKey | None = None, times: int = 1) -> Fault:
        return cls(kind="chat_not_found", chat_id=chat_id, times=times)

    @classmethod
    def migrated(cls, to_chat_id: int, *, chat_id: ChatKey | None = None) -> Fault:
        """The group becomes supergroup `to_chat_id` (in `LocalBotAPI` too, for good)."""
        return cls(kind="migrate", chat_id=chat_id, migrate_to_chat_id=to_chat_id)

    @classmethod
    def server_error(cls, status: int = 502, description: str = "Bad Gateway", *,
                     chat_id: ChatKey | None = None, times: int = 1) -> Fault:
        return cls(kind="server_error", chat_id=chat_id, times=times, status=status,
                   description=description)

    @classmethod
    def timeout(cls, delay: float, *, then_answer: bool = True, chat_id: ChatKey | None = None,
                times: int = 1) -> Fault:
        """Hold the request `delay` seconds, then answer it normally (the message is then
        delivered though a client that gave up does not know it) or never."""
        return cls(kind="timeout", chat_id=chat_id, times=times, delay=delay,
                   then_answer=then_answer)

    @classmethod
    def from_json(cls, data: Json) -> Fault:
        """A fault as `POST /_faults` receives it: the field names, `kind` required."""
        kind = str(data["kind"])
        if kind not in get_args(FaultKind):
            raise ValueError(f"unknown fault kind {kind!r}")
        fields: dict[str, Any] = {key: data[key] for key in (
            "times", "retry_after", "migrate_to_chat_id", "status", "description", "delay",
            "then_answer") if key in data}
        if data.get("chat_id") is not None:
            fields["chat_id"] = chat_key(data["chat_id"])
        if data.get("methods"):
            fields["methods"] = frozenset(str(m) for m in data["methods"])
        return cls(kind=cast(FaultKind, kind), **fields)

    def response(self) -> Json:
        """Telegram's answer for this fault (not for "timeout", which answers normally)."""
        if self.kind == "retry_after":
            return telegram_error(429, f"Too Many Requests: retry after {self.retry_after}",
                          retry_after=self.retry_after)
        if self.kind == "blocked":
            return telegram_error(403, "Forbidden: bot was blocked by the user")
        if self.kind == "kicked":
            return telegram_error(403, "Forbidden: bot was kicked from the group chat")
        if self.kind == "chat_not_found":
            return telegram_error(400, "Bad Request: chat not found")
        if self.kind == "migrate":
            return telegram_error(400, "Bad Request: group chat was upgraded to a supergroup chat",
                          migrate_to_chat_id=self.migrate_to_chat_id)
        if self.kind == "server_error":
            return telegram_error(self.status, self.description)
        raise ValueError(f"{self.kind} has no answer of its own")



# --- rate limits ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """At most `limit` accepted sends in any `seconds`-long stretch of time."""

    limit: int
    seconds: float

    def __str__(self) -> str:
        return f"{self.limit}/{self.seconds:g}"


@dataclass(frozen=True)
class RateLimits:
    """Telegram's broadcast limits: ~30 messages/s overall, 1/s per private chat, 20/minute
    per group. Benchmarks scale them (`scaled(30)`) to run thirty times faster."""

    overall: Window = Window(30, 1.0)
    private: Window = Window(1, 1.0)
    group: Window = Window(20, 60.0)

    def scaled(self, factor: float) -> RateLimits:
        def scale(window: Window) -> Window:
            return Window(max(1, int(window.limit * factor)), window.seconds)
        return RateLimits(scale(self.overall), scale(self.private), scale(self.group))

    @classmethod
    def parse(cls, spec: str) -> RateLimits:
        """`"overall=30/1,private=1/1,group=20/60"` (count/seconds); missing kinds keep the
        defaults."""
        windows: dict[str, Window] = {}
        for item in filter(None, (part.strip() for part in spec.split(","))):
            kind, _, value = item.partition("=")
            count, _, seconds = value.partition("/")
            if kind not in get_args(LimitKind):
                raise ValueError(f"unknown limit {kind!r}")
            windows[kind] = Window(int(count), float(seconds or 1))
        return cls(**windows)

    def __str__(self) -> str:
        return f"overall={self.overall},private={self.private},group={self.group}"


class SendWindows:
    """Sliding windows of accepted sends' arrival times: one overall, one per chat.

    A send at `now` fits a window when fewer than `limit` accepted sends arrived in
    (now - seconds, now]: so with 1/1 s, sends at 0.0 and 1.0 both fit, at 0.0 and 0.999 do
    not. Each deque is trimmed as it is looked at, so the work per send is constant and the
    memory is one short deque per chat (10,000 chats are a few megabytes).
    """

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self.overall: deque[float] = deque()
        self.per_chat: dict[ChatKey, deque[float]] = {}

    @staticmethod
    def _wait(times: deque[float], window: Window, now: float) -> float:
        """Seconds until one more send fits (0 if it fits now)."""
        while times and now - times[0] >= window.seconds:
            times.popleft()
        if len(times) < window.limit:
            return 0.0
        return times[-window.limit] + window.seconds - now

    def exceeded(self, chat_id: ChatKey | None, is_group: bool,
                 now: float) -> list[tuple[LimitKind, float]]:
        """The windows a send at `now` would overflow, with how long until it would fit."""
        found: list[tuple[LimitKind, float]] = []
        wait = self._wait(self.overall, self.limits.overall, now)
        if wait > 0:
            found.append(("overall", wait))
        if chat_id is not None:
            times = self.per_chat.get(chat_id)
            if times is not None:
                kind: LimitKind = "group" if is_group else "private"
                wait = self._wait(times, self.limits.group if is_group else self.limits.private,
                                  now)
                if wait > 0:
                    found.append((kind, wait))
        return found

    def add(self, chat_id: ChatKey | None, now: float) -> None:
        self.overall.append(now)
        if chat_id is not None:
            times = self.per_chat.get(chat_id)
            if times is None:
                times = self.per_chat[chat_id] = deque()
            times.append(now)


# --- what was received ------------------------------------------------------------------------


@dataclass(slots=True)
class Arrival:
    """One sending request as it arrived; `status` is the HTTP status it got (0: none yet)."""

    time: float
    chat_id: ChatKey | None
    method: str
    status: int = 0


@dataclass(frozen=True, slots=True)
class Delivery:
    """One accepted send: what a person in `chat_id` would have received."""

    chat_id: ChatKey | None
    text: str
    time: float
    method: str


@dataclass
class SendStats:
    accepted: int = 0
    # Sends that arrived while a window was full (answered normally when observing, 429 when
    # enforcing); one send can overflow several windows.
    violations: Counter[str] = field(default_factory=Counter)
    answered_429: int = 0  # every 429: enforced windows and injected faults
    rate_limited: int = 0  # the 429s the windows gave
    faults: Counter[str] = field(default_factory=Counter)  # injected faults applied, by kind
    errors: Counter[int] = field(default_factory=Counter)  # LocalBotAPI's own refusals, by status

    def as_json(self) -> Json:
        return {"accepted": self.accepted,
                "violations": {kind: self.violations[kind] for kind in get_args(LimitKind)},
                "answered_429": self.answered_429, "rate_limited": self.rate_limited,
                "faults": dict(self.faults), "errors": {str(k): v for k, v in self.errors.items()}}
