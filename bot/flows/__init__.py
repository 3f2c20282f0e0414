"""Multi-step conversations: one package each, with its states, router and pure logic."""
