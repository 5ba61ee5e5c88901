from ita_metrics.cli import main

raise SystemExit(main())
