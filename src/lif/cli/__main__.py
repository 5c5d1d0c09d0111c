"""``python -m lif.cli``: the ``lif`` command."""

import sys

from lif.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
