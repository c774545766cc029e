"""kotm.glossary: terms, their look-up and their recognition in text."""
