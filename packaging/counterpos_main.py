"""The built program's entry point: the same `counterpos` command the package installs."""

import sys

from app.main import main

if __name__ == "__main__":
    sys.exit(main())
