"""kotm: a Korean–English glossary and translation memory."""

__version__ = "0.1.0"
