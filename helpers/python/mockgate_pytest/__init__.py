"""Start mockgate from Python tests and arrange its state through the admin API."""

from .admin import Admin
from .errors import MockgateError, MockgateProcessError
from .journal import Journal
from .server import Listener, Mockgate

__all__ = ["Admin", "Journal", "Listener", "Mockgate", "MockgateError", "MockgateProcessError"]
