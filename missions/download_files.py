"""The full figure downloads as files: built once when an edition is published, gzipped,
kept in the "downloads" storage (settings.STORAGES), and served with their length and
byte ranges to clients that accept gzip. Other clients, and any edition whose files
are not built, get the stream of missions/downloads.py: the view that builds the files.
"""

import gzip
import re
import tempfile
from urllib.parse import urlsplit

from django.core.files import File
from django.core.files.storage import storages
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from . import opendata

CHUNK = 64 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def accepts_gzip(request):
    return re.search(r"\bgzip\b", request.headers.get("Accept-Encoding", "")) is not None


def stored_name(number, language, format):
    """The name of an edition's built file, by the edition's number."""
    return f"edition-{number}/{opendata.FILES[opendata.FIGURES.name]}-{language}.{format}.gz"


def build_files(edition, site_url):
    """Build the edition's full figure downloads, in each language and format, gzipped,
    with the view a visitor's request runs; `site_url` ("https://host") gives the host and
    scheme of the addresses in the JSON. Each is written to a temporary file first: memory
    stays flat and a half-built file is never stored. Returns the names built."""
    from django.test import RequestFactory  # a plain request, without loading it at start-up

    from .downloads import TableDownloadView

    storage = storages["downloads"]
    site = urlsplit(site_url)
    visitor = RequestFactory(HTTP_HOST=site.netloc)
    built = []
    for language in ("en", "fr"):
        for format in opendata.FORMATS:
            name = stored_name(edition.number, language, format)
            if storage.exists(name):
                continue
            with translation.override(language):
                path = reverse(f"missions:{opendata.FILES[opendata.FIGURES.name]}_{format}")
                view = TableDownloadView.as_view(format=format)
                response = view(visitor.get(path, secure=site.scheme == "https"))
                with tempfile.TemporaryFile() as temporary:
                    with gzip.GzipFile(fileobj=temporary, mode="wb", mtime=0) as compressed:
                        for chunk in response.streaming_content:
                            compressed.write(chunk.encode() if isinstance(chunk, str) else chunk)
                    temporary.seek(0)
                    storage.save(name, File(temporary))
            built.append(name)
    return built


def byte_range(header, size):
    """(start, end), both included, of a Range header asking for one range of bytes;
    None to send the whole file: no header, or one this does not handle (several ranges,
    another unit, a malformed one: RFC 9110 lets a server ignore them); ValueError for a
    range that cannot be satisfied (416)."""
    found = RANGE.match(header or "")
    if not found or found.groups() == ("", ""):
        return None
    first, last = found.groups()
    if first == "":  # the last N bytes
        if int(last) == 0:
            raise ValueError("An empty range.")
        return max(size - int(last), 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise ValueError("The range starts past the end.")
    return start, min(int(last), size - 1) if last else size - 1


def read(file, start, length):
    file.seek(start)
    while length > 0:
        chunk = file.read(min(CHUNK, length))
        if not chunk:
            break
        length -= len(chunk)
        yield chunk
    file.close()


def file_response(request, name, headers):
    """The stored gzipped file, whole (200) or one byte range (206), or 416."""
    storage = storages["downloads"]
    size = storage.size(name)
    headers = {**headers, "Accept-Ranges": "bytes", "Content-Encoding": "gzip"}
    try:
        span = byte_range(request.headers.get("Range"), size)
    except ValueError:
        return HttpResponse(status=416, headers={"Content-Range": f"bytes */{size}"})
    start, end = span or (0, size - 1)
    response = StreamingHttpResponse(
        read(storage.open(name), start, end - start + 1),
        status=206 if span else 200,
        headers=headers,
    )
    response["Content-Length"] = str(end - start + 1)
    if span:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
