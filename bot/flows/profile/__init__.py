"""/profile: the card of everything we hold, and a button to change each field."""
