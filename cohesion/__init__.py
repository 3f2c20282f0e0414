"""The composition root: builds the bot, the dispatcher, the sender and the scheduler from
the capabilities, and runs them (`cohesion.run`); the `cohesion` tool (`cohesion.cli`).
Nothing imports this package: it imports everything."""
