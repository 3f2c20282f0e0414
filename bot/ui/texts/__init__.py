"""Every sentence the bot says, through gettext: one module per capability.

msgids are English; `locales/it` holds the Italian. Placeholders are named and filled after
translation; anything a person typed is escaped here (`common.q`), never in handlers.

Import rule: a caller imports the module of the capability it speaks for, under the
capability's name — `from bot.ui.texts import team as team_texts`, then
`team_texts.joined(view)`. This `__init__` re-exports nothing, so a new capability adds its own
`texts/<cap>.py` and touches no shared file. Inside the package a module imports the helpers
it builds on by name (`from bot.ui.texts.common import q`). The views the texts format
(PlaceView, TeamView, ProfileView, …) belong to the services that build them.
"""
