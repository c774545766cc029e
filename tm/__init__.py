"""kotm.tm: segments, concordance search and fuzzy matching."""
