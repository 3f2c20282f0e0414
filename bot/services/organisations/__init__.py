"""Organisations — non-profits, companies, institutions — and the people acting for them (see
``storage.models.organisation``)."""
