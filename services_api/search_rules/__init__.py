"""Search rules administrators edit while the service runs: synonyms and best bets."""
