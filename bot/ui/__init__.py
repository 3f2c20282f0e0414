"""What the person sees: texts (all translated here), keyboards and callback data."""
