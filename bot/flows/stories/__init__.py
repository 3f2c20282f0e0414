"""/share (a member's story), its review by the team's designer, and /stories; ``router`` is
the table of the flow."""
