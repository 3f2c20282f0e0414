import sys

from cohesion.cli import main

sys.exit(main())
