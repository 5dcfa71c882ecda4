"""Publishing procedures by decision: created, replaced, amended, rescinded and restored, each
change a revision."""
