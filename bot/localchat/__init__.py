"""The local chat: the real bot talking to a person in the terminal, with no Telegram.

`api.LocalBotAPI` stands in for the Bot API (chats, messages, members, admins, files);
`session.LocalSession` plugs it into aiogram's `Bot`; `driver.LocalChat` feeds the person's
messages and button presses through the real dispatcher; `terminal` is the REPL around it.
Tests use the same pieces, so what a newcomer sees is what the tests check.
"""
