"""/announce: a designer's message to the team's group and members, now or at a typed time."""
