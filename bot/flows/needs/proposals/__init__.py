"""/propose and /proposals: members signal needs, designers approve or decline them.
``router`` is the table of the flow; the questions are the need's (``newneed``)."""
