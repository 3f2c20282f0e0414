"""/services: a non-profit's or institution's local services (see ``router``)."""
