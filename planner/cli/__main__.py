"""`python -m planner.cli`: the same as the `stagepath` command."""

import sys

from planner.cli import main

sys.exit(main())
