"""The member row: who a person is to the bot (name, language, consent, actor type and
organisation, place, skills, availability). Written by onboarding and /profile; first in the
list, so erasure deletes it last."""

from bot.capability import Capability
from bot.personal import PersonalData
from bot.services import members

CAPABILITY = Capability(
    name="members",
    personal=PersonalData(
        show=members.show,
        erase=members.erase,
        columns={
            "member.telegram_id": "the row is deleted",
            "member.display_name": "the row is deleted",
            "member.organisation_name": "the row is deleted",
            "member.skills": "the row is deleted",
            "member.last_seen_on": "the row is deleted",
        },
        # The places a member picks from: ISTAT's names, loaded from the data file.
        impersonal={"territory.name": "the name of a region, province or comune"},
    ),
)
