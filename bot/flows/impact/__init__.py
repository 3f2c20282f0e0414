"""/report and /overview: the impact of a scope over a period, in the chat."""
