"""openassembly: the software a membership organisation runs itself on, in the open."""

__version__ = "0.1.0"
