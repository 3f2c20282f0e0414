"""Delivery: the outbox the sender empties, the timed notices the scheduler releases, the
update ids the webhook workers have seen and the dead letters of updates a handler failed on.
No commands; the scheduler's own jobs (releasing notices, housekeeping) live with it."""

from bot.capability import Capability
from bot.personal import PersonalData

CAPABILITY = Capability(
    name="delivery",
    personal=PersonalData(
        columns={
            "outbox.chat_id": "not yet erased",
            "outbox.key": "not yet erased",
            "outbox.payload": "not yet erased",
            "failed_update.payload": "not yet erased",
            "failed_update.error": "not yet erased",
        },
        impersonal={
            "outbox.claimed_by": "the name of a sender process",
            "outbox.last_error": "Telegram's answer to a send",
            "processed_update.update_id": "Telegram's update number",
            "failed_update.update_id": "Telegram's update number",
            "scheduled_notice.key": "which table, booking or announcement the notice is of",
            "scheduled_notice.kind": "which kind of notice (a code: a reminder, a feedback request)",
            "scheduled_notice.params": "ids and an admin's announcement text",
            "scheduled_notice.note": "what became of the notice",
        },
    ),
)
