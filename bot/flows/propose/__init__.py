"""/propose and /proposals: members signal needs, designers approve or decline them."""
