"""Allow `python -m bot` as a synonym of the `vigie` command."""

from bot.cli import main

raise SystemExit(main())
