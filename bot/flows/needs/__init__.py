"""/needs and /pledges: browsing needs, pledging with a tap or a typed quantity, withdrawing,
and designers confirming deliveries. See `router` for the flow.

What other flows may use is here (`show_pledge_screen`: a deep link to a need)."""

from bot.flows.needs.router import show_pledge_screen

__all__ = ["show_pledge_screen"]
