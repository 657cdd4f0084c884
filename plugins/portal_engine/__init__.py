"""portal_engine: the one place of build-time reuse, forking and fingerprinting.

Its modules are used by the other plugins; none of them keeps such code of its own.
"""
