"""Webhooks: subscribers' URLs receive each change of the kinds they chose, signed, in order."""
