"""Patient education about ankle pain after running, for Django clinic sites."""

__version__ = "0.1.0"
