"""/needs and /pledges: browsing needs, pledging with a tap or a typed quantity, withdrawing,
and designers confirming deliveries. ``router`` is the table of the flow."""
