"""The audit trail: what designers, observers, experts and admins did to shared data, recorded
from the events of their actions in the same transaction (the notifier), listed by
`cohesion audit`; erasing an actor keeps the action, done by "a former designer"."""

from bot.capability import Capability
from bot.notify import audit as notify
from bot.personal import PersonalData
from bot.services import audit as service

CAPABILITY = Capability(
    name="audit",
    notifier=notify.NOTIFIER,
    personal=PersonalData(
        show=service.show,
        erase=service.erase,
        columns={
            "audit_entry.actor_telegram_id":
                "set to NULL: the action stays, done by \"a former <role>\" (the role is kept)",
            "audit_entry.subject_telegram_id":
                "set to NULL: the role action stays, about \"a former member\"",
        },
        impersonal={
            "audit_entry.object_id": "the id of a need, pledge, table, team or group chat "
                                     "(a role action's person is subject_telegram_id)",
            "audit_entry.summary": "built from ids, codes, quantities and times: no names, "
                                   "no typed words",
        },
    ),
)
