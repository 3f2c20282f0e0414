"""/newneed and /myneeds, and the questions a need is written with (shared with /propose and
the approval of a proposal, see ``proposals``). ``router`` is the table of the flow."""
