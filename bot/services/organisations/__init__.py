"""Organisations — non-profits, companies, institutions — and the people acting for them (see
``storage.models.organisation``): linking a person to one (found by its name, or created),
confirming the requests to act for one, what /organisation shows and edits."""

from bot.services.organisations.events import JoinDecided, JoinRequested
from bot.services.organisations.linking import (
    Candidates,
    OrganisationProblem,
    OrganisationView,
    ask_to_join,
    candidates,
    create_for,
    drop_link,
    linked_to,
    settle_territory,
)
from bot.services.organisations.records import (
    Card,
    Request,
    card_of,
    decide,
    edit,
    listing,
    requests_for_designer,
)

__all__ = [
    "Candidates", "Card", "JoinDecided", "JoinRequested", "OrganisationProblem",
    "OrganisationView", "Request", "ask_to_join", "candidates", "card_of", "create_for",
    "decide", "drop_link", "edit", "linked_to", "listing", "requests_for_designer", "settle_territory",
]
