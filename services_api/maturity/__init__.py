"""Maturity levels changed by agencies: one at a time, with history, and levels on past dates."""
