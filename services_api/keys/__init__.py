"""API keys: who may change maturity levels, and for which agency."""
