import logging


class ScrubRequestFilter(logging.Filter):
    """Keep request data out of every log line (SAFETY.md requirements 1, 2 and 9).

    Drops the request object, and rewrites Django's request and security messages, whose
    arguments hold the path (which may be a secret organizer link) or the Host header.
    The exception and its traceback are kept, so errors can still be fixed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        if record.name.startswith(("django.request", "django.security")):
            status = getattr(record, "status_code", "")
            record.msg, record.args = "%s %s", (record.name, status)
        return True
