"""The catalogue as a whole: its generation, bumped by every writing transaction."""
