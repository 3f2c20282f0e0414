"""Settings from the environment (and an optional `.env` file), documented in `.env.example`."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'cohesion.sqlite3'}"


class Settings(BaseSettings):
    """Everything that differs between a laptop, CI and production."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: str | None = Field(default=None, description="Telegram bot token; unset = local chat")
    telegram_api_base: str | None = Field(
        default=None, description="Base URL of another Bot API server, e.g. http://127.0.0.1:8081"
    )
    database_url: str = Field(default=DEFAULT_DATABASE_URL)
    redis_url: str | None = None
    bot_username: str = Field(default="CohesionMakersBot", description="used to build deep links")
    default_language: str = "it"
    group_grace_hours: int = Field(default=48, ge=1, description="hours before unlinked groups are left")
    log_level: str = "INFO"

    # Delivery (the outbox sender): Telegram's limits, and how many senders share them.
    outbox_rate: float = Field(default=30.0, gt=0, description="messages per second overall")
    outbox_private_rate: float = Field(default=1.0, gt=0, description="per private chat per second")
    outbox_group_per_minute: float = Field(default=20.0, gt=0, description="per group per minute")
    outbox_senders: int = Field(default=1, ge=1, description="sender processes sharing the rate")
    outbox_retention_days: int = Field(
        default=7, ge=1, description="days sent, unreachable and dead outbox rows are kept")

    # Webhook mode.
    webhook_url: str | None = Field(default=None, description="public URL Telegram posts to")
    webhook_secret: str | None = Field(default=None, description="X-Telegram-Bot-Api-Secret-Token")
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 8080
    webhook_path: str = "/telegram/webhook"

    # Needs and pledges.
    pledge_margin: float = Field(
        default=0.1, ge=0, le=1, description="pledges may exceed a need's target by this share")
    # The balance (/balance) and its nudges (issue 8).
    unanswered_after_days: int = Field(
        default=7, ge=0, description="days without a pledge before a need counts as unanswered")
    nudge_cap_days: int = Field(default=7, ge=1, description="at most one nudge per member in this many days")
    nudge_after_days: int = Field(
        default=2, ge=0, description="days an uncovered need waits before it is offered to members")
    nudges_per_need: int = Field(default=5, ge=1, description="members offered one need per sweep")
    surplus_margin: float = Field(
        default=0.1, ge=0, description="coverage beyond 1 + this is surplus to redirect")
    nudge_from_hour: int = Field(default=9, ge=0, le=23, description="nudges only from (Rome time)")
    nudge_until_hour: int = Field(default=20, ge=1, le=24, description="nudges only until (Rome time)")
    # The weekly digests to team groups and observers (issue 24), at this moment (Rome).
    digest_weekday: int = Field(default=0, ge=0, le=6, description="0 Monday … 6 Sunday")
    digest_hour: int = Field(default=9, ge=8, le=20, description="the digests' hour (Rome)")
    # Privacy (issue 23, docs/privacy.md).
    failed_update_retention_days: int = Field(
        default=7, ge=1, description="days the raw updates kept for failed handling are kept")
    privacy_url: str | None = Field(
        default=None, description="where docs/privacy.md is published, linked from /privacy")
    # Exports (/export, `cohesion export`): people appear as HMAC pseudonyms under this secret.
    pseudonym_secret: str | None = Field(
        default=None, description="the key of the exports' pseudonyms; unset: derived from "
                                  "the bot token (set it before the token may ever change)")
    # CSR statements (/statement, /verify): each code is an HMAC of the figures under this.
    statement_secret: str | None = Field(
        default=None, description="the key of the statements' verification codes; unset: "
                                  "derived from the bot token (set it before the token may "
                                  "ever change, or every code issued stops verifying)")

    # Flood control (issue 23): more than this many updates in the window mutes for a while.
    throttle_person_updates: int = Field(
        default=20, ge=1, description="updates one person may send per throttle window")
    throttle_group_updates: int = Field(
        default=60, ge=1, description="updates one group chat may send per throttle window")
    throttle_window_seconds: float = Field(default=10.0, gt=0, description="the throttle window")
    throttle_mute_seconds: float = Field(
        default=60.0, gt=0, description="how long a flooding person or group is ignored")

    @field_validator("bot_token", "telegram_api_base", "redis_url", "webhook_url",
                     "webhook_secret", "pseudonym_secret", "statement_secret",
                     mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    def pseudonym_key(self) -> bytes:
        """The key of the exports' pseudonyms (``domain.export.pseudonym``): the secret set,
        else one derived from the bot token, so a deployment has a key nobody else knows
        without setting anything; the local chat, with neither, has a fixed one (its people
        are made up). A new key gives everyone new pseudonyms: set ``PSEUDONYM_SECRET`` once
        and keep it, so exports of different months can be compared person by person."""
        if self.pseudonym_secret:
            return self.pseudonym_secret.encode()
        if self.bot_token:
            return hashlib.sha256(b"cohesion-pseudonyms:" + self.bot_token.encode()).digest()
        return b"cohesion-local-chat"

    def statement_key(self) -> bytes:
        """The key of the statements' verification codes (``domain.statement``): the secret
        set, else one derived from the bot token (distinct from the pseudonyms' key); the local
        chat, with neither, has a fixed one. A new key makes every code issued unverifiable:
        set ``STATEMENT_SECRET`` once and keep it."""
        if self.statement_secret:
            return self.statement_secret.encode()
        if self.bot_token:
            return hashlib.sha256(b"cohesion-statements:" + self.bot_token.encode()).digest()
        return b"cohesion-local-statements"


@cache
def get_settings() -> Settings:
    return Settings()
