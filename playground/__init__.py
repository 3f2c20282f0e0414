"""The playground, a local Telegram for dev and demo: the real bot talking to a person in the
terminal, with no Telegram.

`api.LocalBotAPI` stands in for the Bot API (chats, messages, members, admins, files);
`session.LocalSession` plugs it into aiogram's `Bot`; `driver.LocalChat` feeds the person's
messages and button presses through the real dispatcher; `terminal` is the REPL around it.
Tests use the same pieces, so what a newcomer sees is what the tests check.

It may import the bot; the bot never imports it, except `bot.cli`'s run modes (inside
`cmd_run`), which start the local chat when there is no BOT_TOKEN.
"""
