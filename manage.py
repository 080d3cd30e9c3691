#!/usr/bin/env python
from walkout.__main__ import main

if __name__ == "__main__":
    main()
