"""Models of the scenarios app."""
