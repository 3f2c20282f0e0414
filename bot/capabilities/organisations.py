"""Organisations: non-profits, companies and institutions as records of their own, with the
members acting for them (confirmed by a member or a designer); a pledge keeps the
organisation its pledger acted for. Onboarding and /profile link a person to one (its typed
name matched, or a new one registered); /organisation shows it, its requests, and edits it."""

from bot.capability import Capability
from bot.flows.organisations import router as organisation
from bot.notify import organisations as notify
from bot.personal import PersonalData
from bot.services import organisations as service
from bot.services.organisations import personal

CAPABILITY = Capability(
    name="organisations",
    commands=organisation.COMMANDS,
    routers=lambda commands: [organisation.create_router()],
    notifier={
        service.JoinRequested: notify.on_join_requested,
        service.JoinDecided: notify.on_join_decided,
    },
    personal=PersonalData(
        show=personal.show_person,
        erase=personal.erase_person,
        columns={"organisation_member.member_telegram_id": "the link to the organisation is "
                                                           "deleted",
                 "organisation_member.confirmed_by": "set to NULL (the confirmation stays)"},
        impersonal={
            "organisation.name": "an organisation's public name, not a person's",
            "organisation.name_key": "the organisation's name, normalised for matching",
            "organisation.description": "what the organisation does, written for the public "
                                        "by its members; about the organisation",
            "organisation.website": "the organisation's public website",
        },
    ),
)
