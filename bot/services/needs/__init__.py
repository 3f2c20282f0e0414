"""Needs and pledges: posting, proposing, editing, pledging, delivering, expiring.

Each use case takes a unit of work, the clock's ``now`` and plain values, checks the person's
role again (buttons can be forged), writes, records what changed as a ``need_event`` (who and
when) and returns frozen views. The rules are ``domain.needs``'s: quantities with
``check_quantity``, pledges with ``accept_pledge`` and the over-pledge ``margin`` (a setting the
caller passes, e.g. 0.1), status with ``status_for``. The limit holds under concurrent pledges
because the repository counts a pledge with a conditional UPDATE (see storage.repositories.need)
given ``domain.needs.pledge_limit``'s value.

Use cases say what happened, not how to tell it: they emit events on the unit of work
(``events``: a need published, proposed, approved, declined, covered, changed, closed,
expired, a delivery confirmed), which the notifier (``notify.needs``) words for each person and
puts in the outbox before the commit. Pledgers hear of a need once per event: when it is
covered (the first time only), changed, closed or expired; the person who caused the event is
not told (the bot answers them directly).

The modules, by use case (this package re-exports what callers use, so
``needs.pledge(...)`` reads as before):

- ``posting``: post, propose, approve, decline (and the group a need is announced in);
- ``pledging``: pledge, withdraw, confirm a delivery (and the room left on a need);
- ``editing``: edit, close, reopen;
- ``expiry``: the scheduler's sweep of needs past their deadline;
- ``queries``: what the screens read; ``personal``: /mydata and /deleteme;
- ``values`` (what goes in and out), ``events``, and the shared ``checks`` and ``status``.
"""

from bot.services.needs.digests import (
    PledgeDigestView,
    PledgeLine,
    daily_for,
    designers_of_need,
    digest_for_need,
    set_pledge_digest,
)
from bot.services.needs.editing import close, edit, reopen
from bot.services.needs.events import (
    DeliveryConfirmed,
    NeedChanged,
    NeedClosed,
    NeedCovered,
    NeedExpired,
    NeedFulfilled,
    NeedProposed,
    NeedPublished,
    NeedReopened,
    PledgeMade,
    PledgeReduced,
    PledgeWithdrawn,
    ProposalApproved,
    ProposalDeclined,
)
from bot.services.needs.expiry import expire_due
from bot.services.needs.personal import erase_person, forget_person, show_person
from bot.services.needs.pledging import confirm_delivery, pledge, reduce, room_for, withdraw
from bot.services.needs.posting import (
    announcement_target,
    approve,
    decline,
    npo_for_proposing,
    post_need,
    propose_need,
)
from bot.services.needs.queries import (
    browse,
    delivery,
    find_need,
    history,
    is_pledgeable,
    list_for_member,
    managed_by,
    need_for_designer,
    npos_for_team,
    pending_deliveries,
    pledge_of,
    pledges_of,
    proposals_for,
    team_of,
    teams_for_proposing,
)
from bot.services.needs.values import (
    DEFAULT_CATEGORY,
    LIVE,
    MANAGED,
    REOPENABLE,
    DeliveryView,
    GroupTarget,
    NeedCard,
    NeedDraft,
    NeedEdit,
    NeedProblem,
    NeedsPage,
    NeedView,
    Outcome,
    Pledged,
    PledgeRefused,
    PledgeView,
    ProposalDraft,
    need_view,
    today_in_italy,
)

__all__ = [
    # use cases
    "approve", "close", "confirm_delivery", "decline", "edit", "expire_due", "pledge",
    "post_need", "propose_need", "reduce", "reopen", "withdraw",
    # reads
    "announcement_target", "browse", "delivery", "find_need", "history", "is_pledgeable",
    "list_for_member", "managed_by", "need_for_designer", "npo_for_proposing", "npos_for_team",
    "pending_deliveries", "pledge_of",
    "pledges_of", "proposals_for", "room_for", "team_of", "teams_for_proposing",
    # /mydata, /deleteme
    "erase_person", "forget_person", "show_person",
    # values
    "DEFAULT_CATEGORY", "LIVE", "MANAGED", "REOPENABLE", "DeliveryView", "GroupTarget",
    "NeedCard", "NeedDraft", "NeedEdit", "NeedProblem", "NeedView", "NeedsPage", "Outcome",
    "PledgeRefused", "PledgeView", "Pledged", "ProposalDraft", "need_view", "today_in_italy",
    # events
    "DeliveryConfirmed", "NeedChanged", "NeedClosed", "NeedCovered", "NeedExpired",
    "NeedProposed", "NeedPublished", "ProposalApproved", "ProposalDeclined",
    "NeedFulfilled", "NeedReopened", "PledgeMade", "PledgeWithdrawn",
    # what designers hear of pledges
    "PledgeDigestView", "PledgeLine", "daily_for", "designers_of_need", "digest_for_need",
    "set_pledge_digest",
    "PledgeReduced",
]
