"""/organisation: the organisation a person acts for, its requests to confirm, its description
and website; and the Confirm / Refuse buttons under a request."""
