"""The playground, a local Telegram for dev and demo: the real bot talking to a person in the
terminal, with no Telegram.

`api.LocalBotAPI` stands in for the Bot API (chats, messages, members, admins, files);
`session.LocalSession` plugs it into aiogram's `Bot`; `driver.LocalChat` feeds the person's
messages and button presses through the real dispatcher; `terminal` is the REPL around it.
Tests use the same pieces, so what a newcomer sees is what the tests check.

It may import the bot; the bot never imports it. Only the composition root's local run modes
(`cohesion/local.py`, loaded by `cohesion run` when there is no BOT_TOKEN, `cohesion chat` and
`cohesion playground`) wire it to the real bot.
"""
