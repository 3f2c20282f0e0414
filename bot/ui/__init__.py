"""What the person sees: texts (all translated there), keyboards and callback data.

One rule for all three: `bot/ui/texts/<cap>.py`, `bot/ui/keyboards/<cap>.py` and
`bot/ui/callbacks/<cap>.py`, under the capability's name (`team`, `groups`, `onboarding`, …),
imported as that capability's module; the packages re-export nothing.
"""
