from mindful_listening.cli import main

raise SystemExit(main())
