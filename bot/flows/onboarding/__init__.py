"""Onboarding: from /start to a registered member in a team. See `router` for the flow."""
