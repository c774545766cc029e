"""Run the CLI as ``python -m kotm``."""

from kotm.cli import cli

cli()
