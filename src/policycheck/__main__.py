"""Run the command line as `python -m policycheck`."""

from policycheck.cli import main

main()
