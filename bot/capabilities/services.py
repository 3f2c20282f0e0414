"""Local services: non-profits and institutions list what they offer (/services); a designer
of the territory approves or declines; /near shows the approved ones."""

from bot.capability import Capability
from bot.flows.services import router as services
from bot.notify import local_services as notify
from bot.personal import PersonalData
from bot.services import local_services as service

CAPABILITY = Capability(
    name="services",
    commands=services.COMMANDS,
    routers=lambda commands: [services.create_router()],
    notifier={
        service.ServiceSubmitted: notify.on_service_submitted,
        service.ServiceReviewed: notify.on_service_reviewed,
    },
    personal=PersonalData(
        show=service.show_person,
        erase=service.erase_person,
        columns={
            "local_service.submitted_by": "set to NULL: the service is the organisation's",
            "local_service.reviewed_by": "set to NULL: the review stays, not who made it",
            # The submitter's words until a designer publishes them as the organisation's.
            "local_service.name": "a pending or declined one's: replaced by a dash; an "
                                  "approved one's stays (the organisation's public offer)",
            "local_service.what": "a pending or declined one's: cleared; an approved one's "
                                  "stays",
            "local_service.when_text": "a pending or declined one's: cleared; an approved "
                                       "one's stays",
            "local_service.reach": "a pending or declined one's: cleared; an approved one's "
                                   "stays (a link or an address of the organisation, never "
                                   "a phone number)",
            "local_service.decline_reason": "a pending or declined one's: cleared",
        },
        impersonal={
            "local_service.category": "a category code of the catalogue",
            "local_service.lat": "the comune's point, not a person's location",
            "local_service.lon": "the comune's point, not a person's location",
            "local_service.province_code": "a territory code",
        },
    ),
)
