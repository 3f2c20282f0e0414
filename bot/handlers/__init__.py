"""One-step commands, one module per capability; `bot.capabilities` declares and orders them."""
