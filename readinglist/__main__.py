"""Allow `python -m readinglist`."""

from readinglist.cli import main

raise SystemExit(main())
