"""/needs and /pledges: browsing needs, pledging with a tap or a typed quantity, withdrawing,
and designers confirming deliveries. See `router` for the flow."""
