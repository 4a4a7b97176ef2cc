"""``python -m cgcomply``: the same command line as ``cgcomply`` (handy with ``python -X importtime``)."""

from cgcomply.cli import main

if __name__ == "__main__":
    main()
