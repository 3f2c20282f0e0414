"""/near: discovery around a member (see ``router``)."""
