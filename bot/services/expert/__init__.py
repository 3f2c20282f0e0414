"""The free expert hour: experts and their slots (CLI and /slots), a member's one free hour
(/expert: book, cancel, reschedule, feedback), its reminders, and erasure.

Every use case checks the role and the state again (buttons can be forged) and raises
``NotAllowed`` or ``ExpertProblem(code)``; none speaks to people: they return views, for the
bot to word in each person's language.

Reminders are scheduled notices (kind ``expert_reminder``, a day and an hour before, and
``expert_feedback`` when the hour is over; keys ``expert:<booking>:r<revision>:…``): moving or
cancelling a booking drops the pending ones, and the release checks status and revision again.

One module per seam: ``views`` (what the use cases return), ``experts`` (profiles and hours),
``booking`` (the member's hour: choosing, booking, cancelling, moving), ``feedback`` (after
the hour, and what the due notices read back), ``privacy`` (/mydata and /deleteme), and
``events``, what they record for the notifier to tell people. This package gathers their use
cases, so callers say ``expert.book(...)``.
"""

from bot.services.expert.booking import (
    FEEDBACK_KIND,
    REMINDER_KIND,
    REMINDERS,
    book,
    cancel,
    ensure_free_hour,
    experts_for,
    free_slots_of,
    offer,
    overview,
    own_booking,
    reschedule,
)
from bot.services.expert.events import (
    ExpertGone,
    HourBooked,
    HourCancelledByMember,
    HourFreedByErasure,
    HourMoved,
)
from bot.services.expert.experts import (
    LANGUAGES,
    MAX_NAME,
    add_expert,
    add_slot,
    check_competences,
    check_languages,
    list_experts,
    my_meeting,
    my_slots,
    remove_expert,
    remove_slot,
    set_meeting,
)
from bot.services.expert.feedback import FEEDBACK_SCORES, feedback_for, rate, reminder_for
from bot.services.expert.privacy import (
    erase_person,
    export_of,
    forget_member,
    names_of,
    show_person,
)
from bot.services.expert.views import (
    BookingView,
    ExpertProblem,
    ExpertView,
    Overview,
    Person,
    Rescheduled,
    SlotView,
)
from bot.services.roles import NotAllowed
from domain.expert import CHANGE_CUTOFF

__all__ = [
    "CHANGE_CUTOFF", "FEEDBACK_KIND", "FEEDBACK_SCORES", "LANGUAGES", "MAX_NAME", "REMINDERS",
    "REMINDER_KIND", "BookingView", "ExpertGone", "ExpertProblem", "ExpertView", "HourBooked",
    "HourCancelledByMember", "HourFreedByErasure", "HourMoved", "NotAllowed", "Overview",
    "Person", "Rescheduled", "SlotView", "add_expert", "add_slot", "book", "cancel",
    "check_competences", "check_languages", "ensure_free_hour", "erase_person", "experts_for",
    "export_of", "feedback_for", "forget_member", "free_slots_of", "list_experts", "my_meeting",
    "my_slots", "names_of", "set_meeting",
    "offer", "overview", "own_booking", "rate", "remove_expert", "remove_slot", "reminder_for",
    "reschedule", "show_person",
]
