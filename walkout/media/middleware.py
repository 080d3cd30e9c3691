"""Uploads are streamed by our handler from the first byte, even before the CSRF check.

Django's CSRF middleware reads `request.POST` before any view runs, which parses a multipart
body with the default handlers (a copy of the file in the system temp folder, unbounded). For
the views marked `@receives_media`, this middleware (placed before the CSRF middleware) first
refuses a body larger than the limits without reading it, and installs MediaUploadHandler
(uploads.py): the file is sniffed, counted and streamed to MEDIA_ROOT/incoming. Whatever
happens next (a CSRF refusal, an error, a refused form), every streamed file that the view
did not hand to an upload is deleted when the response leaves.
"""

from walkout.media.uploads import IncomingFile, MediaUploadHandler, TooBigHandler, largest_upload


def receives_media(view):
    view.receives_media = True
    return view


class MediaUploadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            handler = getattr(request, "media_handler", None)
            if handler is not None:
                handler.upload_interrupted()  # a half-written file
                for incoming in getattr(request, "_files", {}).values():
                    if isinstance(incoming, IncomingFile) and not incoming.claimed:
                        incoming.delete()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not getattr(view_func, "receives_media", False):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > largest_upload():
            # Read the form fields before the file (the CSRF token), then stop reading.
            request.media_handler = TooBigHandler(request)
        else:
            request.media_handler = MediaUploadHandler(request)
        request.upload_handlers = [request.media_handler]
        return None
