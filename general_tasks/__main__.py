"""`python -m general_tasks …` (see `general_tasks.cli`)."""

import sys

from general_tasks.cli import main

sys.exit(main())
