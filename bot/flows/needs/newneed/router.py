"""/newneed, as a table of states and transitions (and /myneeds, /cancel).

    /newneed ──(several teams)──► team ──┐
        │                                 ▼
        └──(one team)──► title ► description ► category ► unit ─┬─► quantity ► unit value ► urgency
                                  (skip)                        ├─ skill ──┘   (goods only;    │
                                                                └─ free unit ─┘  skip)          ▼
                              territory ◄── beneficiary (skip) ◄── deadline (skip) ◄───────────┘
                                  │ team's place, or a comune inside it
                                  ▼
                               summary ── ✏️ field ──► that step ──► summary
                                  │ ── ✖️ Cancel ──► (no state)
                                  └─── ✅ Publish ──► post_need / approve ──► announced

    /newneed 20 ore Titolo [#categoria] [entro 15/12] ──(parse_one_line)──► summary

    a non-profit's category (fundraising, capacity) instead of "unit":
        category ─ fundraising ─► link ► quantity (€) ► organisation ► … deadline = campaign end
                 └ capacity ────► skill (profession) ► quantity (hours) ► organisation ► …
        (organisation: the team territory's non-profits as buttons, or none; skipped if none;
         one line asks only what the line lacks, then the summary)

    /myneeds ──► page ── Edit n ──► field ──► that step (mode=manage) ──► edit()
                  │ ─── Close n ──► reason typed, or "without a reason" ──► close()
                  │ ─── Reopen n ─► reopen() (an expired need: new deadline first)
                  └──── ◀️ / ▶️ ──► another page

The questions live in ``steps`` and are registered here for every mode — /propose's and the
approval of a proposal (``proposals``) too, see ``logic`` for the modes; ``/cancel`` ends any
of them. The steps: ``publish`` (the command, the team, the summary), ``steps`` and
``finish`` (the questions and what the last answer leads to), ``manage`` (/myneeds).
"""

from __future__ import annotations

from aiogram import Router

from bot.commands import Audience, CommandSpec, Where
from bot.filters import Command, HasText, InState, NoText, OnMessage, PrivateChat, RequireRole
from bot.flows.needs.newneed import manage, publish, steps
from bot.flows.needs.states import Manage, NeedFlow
from bot.middlewares import KeyboardOffWhenAnswered, watch_questions
from bot.ui.callbacks.newneed import (
    CategoryCb,
    MyNeedCb,
    MyNeedCloseCb,
    MyNeedFieldCb,
    MyNeedsPageCb,
    NeedTeamCb,
    OrganisationCb,
    ProposeKindCb,
    StepSkipCb,
    SummaryCb,
    TerritoryCb,
    UnitCb,
    UrgencyCb,
)
from bot.ui.texts import newneed as texts
from storage.models import RoleName

COMMANDS = (
    CommandSpec("newneed", Audience.DESIGNER, Where.PRIVATE, texts.NEWNEED_MENU,
                texts.NEWNEED_HELP),
    CommandSpec("myneeds", Audience.DESIGNER, Where.PRIVATE, texts.MYNEEDS_MENU,
                texts.MYNEEDS_HELP),
    CommandSpec("cancel", Audience.MEMBER, Where.PRIVATE, None, texts.CANCEL_HELP),
)


def create_router() -> Router:
    """The /newneed table: which update, in which state, goes to which step."""
    router = Router(name="newneed")
    watch_questions(router)
    router.callback_query.middleware(KeyboardOffWhenAnswered())
    router.message.filter(PrivateChat())
    router.callback_query.filter(PrivateChat(), OnMessage())
    designer = RequireRole(RoleName.DESIGNER)
    # Commands first, so they work from any step.
    router.message.register(publish.cmd_newneed, Command("newneed"), designer)
    router.message.register(manage.cmd_designers_only, Command("newneed"))
    router.message.register(manage.cmd_myneeds, Command("myneeds"), designer)
    router.message.register(manage.cmd_designers_only, Command("myneeds"))
    router.message.register(publish.cmd_cancel, Command("cancel"),
                            InState(*NeedFlow.__all_states__, *Manage.__all_states__))
    # Typed answers, step by step.
    router.message.register(steps.on_title, InState(NeedFlow.title), HasText())
    router.message.register(steps.on_description, InState(NeedFlow.description), HasText())
    router.message.register(steps.on_category_typed, InState(NeedFlow.category), HasText())
    router.message.register(steps.on_unit_typed, InState(NeedFlow.unit), HasText())
    router.message.register(steps.on_skill, InState(NeedFlow.skill), HasText())
    router.message.register(steps.on_link, InState(NeedFlow.link), HasText())
    router.message.register(steps.on_free_unit, InState(NeedFlow.free_unit), HasText())
    router.message.register(steps.on_quantity, InState(NeedFlow.quantity), HasText())
    router.message.register(steps.on_unit_value, InState(NeedFlow.unit_value), HasText())
    router.message.register(steps.on_deadline, InState(NeedFlow.deadline), HasText())
    router.message.register(steps.on_beneficiary, InState(NeedFlow.beneficiary), HasText())
    router.message.register(steps.on_territory,
                            InState(NeedFlow.territory, NeedFlow.territory_pick), HasText())
    router.message.register(manage.on_close_reason, InState(Manage.close_reason), HasText())
    router.message.register(steps.on_text_instead_of_button,
                            InState(NeedFlow.urgency, NeedFlow.team, NeedFlow.summary,
                                    NeedFlow.organisation, NeedFlow.propose_kind), HasText())
    router.message.register(steps.on_text_expected, InState(
        *NeedFlow.__all_states__, *Manage.__all_states__), NoText())
    # Buttons.
    router.callback_query.register(publish.on_team_chosen, InState(NeedFlow.team),
                                   NeedTeamCb.filter())
    router.callback_query.register(
        steps.on_skip, InState(NeedFlow.description, NeedFlow.unit_value, NeedFlow.deadline,
                               NeedFlow.beneficiary, NeedFlow.organisation),
        StepSkipCb.filter())
    router.callback_query.register(steps.on_category, InState(NeedFlow.category),
                                   CategoryCb.filter())
    router.callback_query.register(steps.on_unit, InState(NeedFlow.unit), UnitCb.filter())
    router.callback_query.register(steps.on_organisation, InState(NeedFlow.organisation),
                                   OrganisationCb.filter())
    # Any press, in any state: who may propose for a non-profit is asked first.
    router.callback_query.register(publish.on_propose_kind, ProposeKindCb.filter())
    router.callback_query.register(steps.on_urgency, InState(NeedFlow.urgency),
                                   UrgencyCb.filter())
    router.callback_query.register(steps.on_territory_button,
                                   InState(NeedFlow.territory, NeedFlow.territory_pick),
                                   TerritoryCb.filter())
    router.callback_query.register(publish.on_summary, InState(NeedFlow.summary),
                                   SummaryCb.filter())
    # /myneeds' buttons: the role before any branch, then the need's team in the step.
    router.callback_query.register(manage.on_page, MyNeedsPageCb.filter(), designer)
    router.callback_query.register(manage.on_myneed, MyNeedCb.filter(), designer)
    router.callback_query.register(manage.on_myneed_field, MyNeedFieldCb.filter(), designer)
    router.callback_query.register(manage.on_close_confirm, MyNeedCloseCb.filter(), designer)
    for kind in (MyNeedsPageCb, MyNeedCb, MyNeedFieldCb, MyNeedCloseCb):
        router.callback_query.register(manage.on_designers_only_button, kind.filter())
    return router
