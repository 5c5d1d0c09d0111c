"""``python -m lif.cli``: the ``lif`` command."""

from lif.cli.main import run

if __name__ == "__main__":
    run()
