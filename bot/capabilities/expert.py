"""The free expert hour: /expert (book, move, cancel, feedback), /slots for experts;
reminders and the feedback request (timed notices)."""

from bot.capability import Capability
from bot.flows.expert import router as expert
from bot.notify import expert as notify
from bot.personal import PersonalData
from bot.services import expert as service

CAPABILITY = Capability(
    name="expert",
    commands=expert.COMMANDS,
    routers=lambda commands: [expert.create_router()],
    notices={"expert_reminder": notify.expert_reminders,
             "expert_feedback": notify.expert_feedback},
    notifier={service.HourBooked: notify.on_booked,
              service.HourMoved: notify.on_moved,
              service.HourCancelledByMember: notify.on_hour_freed,
              service.HourFreedByErasure: notify.on_hour_freed,
              service.ExpertGone: notify.on_expert_gone},
    personal=PersonalData(
        show=service.show_person,
        names=service.names_of,
        erase=service.erase_person,
        columns={
            "expert_booking.member_telegram_id":
                "set to NULL (a booking ahead is cancelled and its expert told)",
            "expert_profile.telegram_id":
                "the profile is deleted; its hours booked ahead are cancelled (their members "
                "told, without the expert's name), its hours never booked deleted, and an hour "
                "once booked stays with expert_slot.expert_id NULL, so a held hour still counts "
                "as its member's one free hour, without the expert",
            "expert_profile.display_name": "the profile is deleted",
            "expert_profile.meeting_detail": "the place or video link the expert typed: the "
                                             "profile is deleted",
        },
        impersonal={
            "expert_profile.competences": "competence codes of the framework",
            "expert_profile.languages": "language codes",
            "expert_profile.meeting": "a code: place, video or chat",
        },
    ),
)
