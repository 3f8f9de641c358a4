import sys

from torch_ttnn.cli import main

sys.exit(main())
