"""The change feed: every change to the catalogue, recorded in its writer's transaction and
listed in commit order."""
