"""Life events (nhóm sự kiện): situations of a person or a business and their procedures."""
