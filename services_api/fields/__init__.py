"""Fields (lĩnh vực) of procedures."""
