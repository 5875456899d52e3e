"""Stop reading an uploaded file once it is too big, before it reaches memory or disk."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitedUploadHandler(FileUploadHandler):
    """Passes file data on to Django's usual handlers until a file passes `limit` bytes; then the
    rest of that file is skipped and its field name is added to ``request.oversized_uploads``.

    Install it first, before the request body is read (so before CSRF checks read POST).
    """

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        request.oversized_uploads = set()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.oversized_uploads.add(self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the uploaded file
