"""/assessment: the cohesion-maker self-assessment, its runs, answers and scores."""

from bot.capability import Capability
from bot.flows.assessment import router as assessment
from bot.personal import PersonalData
from bot.services import assessment as service

CAPABILITY = Capability(
    name="assessment",
    commands=assessment.COMMANDS,
    routers=lambda commands: [assessment.create_router()],
    personal=PersonalData(
        show=service.show_person,
        erase=service.erase_person,
        columns={"assessment_run.member_telegram_id":
                 "the runs are deleted, with their answers and scores"},
        impersonal={
            "assessment_answer.statement_id": "a statement id of the framework",
            "assessment_score.competence_id": "a competence id of the framework",
        },
    ),
)
