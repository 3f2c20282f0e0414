"""Cohesion Makers: the Telegram bot (composition root, config, i18n, middlewares, ui)."""
