"""`python -m pantau` and the frozen executable's entry point."""

from pantau.cli import main

raise SystemExit(main())
