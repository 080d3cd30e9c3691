import logging


class ScrubRequestFilter(logging.Filter):
    """Drop the request object from log records so no handler can print its headers."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        return True
