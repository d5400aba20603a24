"""The full figure downloads, ours and the UN's, as files: built once for each edition,
plain and gzipped, kept in the "downloads" storage (settings.STORAGES), and answered by
PublicAddressMiddleware (missions/pagecache/addresses.py) before sessions and with no query: the
gzipped file to a client that takes gzip, the plain one to others. From the local file
system each is sent with its length, byte ranges and validators (its hash as a strong
ETag, and Last-Modified); from a bucket (missions/opendata/storage.py), the address
redirects to the file's, on the CDN, which sends the bucket's. Any edition whose files are
not built, and any address with a query string, gets the stream of
missions/opendata/downloads.py: the view that builds the files.

A file is stored whole or not at all: a full disk or a failing bucket leaves no file, and
visitors get the stream.
"""

import functools
import gzip
import hashlib
import itertools
import logging
import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from missions.opendata import tables
from missions.opendata.downloads import CONTENT_TYPES, TableDownloadView, not_modified

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def accepts_gzip(request):
    return re.search(r"\bgzip\b", request.headers.get("Accept-Encoding", "")) is not None


def stored_name(number, language, format, gzipped=True, table=tables.FIGURES):
    """The name of an edition's built file of a table, by the edition's number."""
    name = f"edition-{number}/{tables.FILES[table.name]}-{language}.{format}"
    return f"{name}.gz" if gzipped else name


def object_headers(name):
    """The headers of a built file, as S3 object parameters: those the site's own response
    sends (missions/opendata/downloads.py), under the file name a visitor saves it as."""
    filename = posixpath.basename(name).removesuffix(".gz")
    headers = {
        "ContentType": CONTENT_TYPES[filename.rsplit(".", 1)[1]],
        "ContentDisposition": f'attachment; filename="{filename}"',
    }
    if name.endswith(".gz"):
        headers["ContentEncoding"] = "gzip"
    return headers


def build_files(edition, site_url):
    """Build the edition's full downloads of our figures and of the UN's (tables.BUILT), in
    each language and format, plain and gzipped, with the view a visitor's request runs
    (once for both); `site_url` ("https://host") gives the host and scheme of the addresses
    in the JSON. Each is written to a temporary file first, so memory stays flat, then
    stored whole or not at all (store()); an error is raised, and visitors get the stream.
    Returns the names built."""
    from django.test import RequestFactory  # a plain request, without loading it at start-up

    storage = storages["downloads"]
    site = urlsplit(site_url)
    visitor = RequestFactory(HTTP_HOST=site.netloc)
    built = []
    for table, language, format in itertools.product(tables.BUILT, ("en", "fr"), tables.FORMATS):
        names = [
            stored_name(edition.number, language, format, gzipped, table)
            for gzipped in (False, True)
        ]
        missing = [name for name in names if not storage.exists(name)]
        if not missing:
            continue
        with translation.override(language):
            path = reverse(f"missions:{tables.FILES[table.name]}_{format}")
            view = TableDownloadView.as_view(table=table, format=format)
            response = view(visitor.get(path, secure=site.scheme == "https"))
            with tempfile.TemporaryFile() as plain, tempfile.TemporaryFile() as packed:
                with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0) as compressed:
                    for chunk in response.streaming_content:
                        chunk = chunk.encode() if isinstance(chunk, str) else chunk
                        plain.write(chunk)
                        compressed.write(chunk)
                for name, file in zip(names, (plain, packed), strict=True):
                    if name in missing:
                        store(storage, name, file)
        built += missing
    return built


def fingerprint(file):
    """(size, SHA-256) of an open file, read from its start."""
    file.seek(0)
    digest = hashlib.file_digest(file, "sha256").hexdigest()
    return file.tell(), digest


def store(storage, name, file):
    """Store a built file under its name whole, or raise and store nothing."""
    expected = fingerprint(file)
    if on_this_machine(storage):
        write_whole(storage, name, file, expected)
        return
    # A bucket keeps an upload whole or not at all, and refuses one whose checksum
    # (boto3 sends one with each request) does not match: what is left to check is that
    # it kept all of it.
    file.seek(0)
    storage.save(name, File(file))
    if storage.size(name) != expected[0]:
        storage.delete(name)
        raise OSError(f"The downloads bucket did not keep all of {name}; it was deleted.")


def write_whole(storage, name, file, expected):
    """Write the file under a temporary name beside its own, flush it to the disk, check
    its size and hash, then rename it: readers find the whole file or none. On any error
    (a full disk), the temporary file is removed and the error raised."""
    path = Path(storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with open(descriptor, "wb") as written:
            file.seek(0)
            shutil.copyfileobj(file, written, CHUNK)
            written.flush()
            os.fsync(written.fileno())
        with open(partial, "rb") as written:
            if fingerprint(written) != expected:
                raise OSError(f"{name} reads back unlike the file built (size or SHA-256).")
        os.chmod(partial, storage.file_permissions_mode or 0o644)
        os.replace(partial, path)
    except BaseException:
        os.unlink(partial)
        raise


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


# The SHA-256 of each built file this process has served, by the file's identity.
HASHES = {}


def validators(file):
    """(strong ETag, Last-Modified as a timestamp, size) of an open built file. Its hash is
    read once per process: a file is never changed in place (a new build renames another
    file over it, which has another inode)."""
    status = os.fstat(file.fileno())
    identity = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    if identity not in HASHES:
        if len(HASHES) > 256:  # the files of editions long gone
            HASHES.clear()
        HASHES[identity] = fingerprint(file)[1]
        file.seek(0)
    return f'"{HASHES[identity]}"', int(status.st_mtime), status.st_size


def if_range_holds(request, etag, modified):
    """Whether a Range may be answered (RFC 9110 §13.1.5): no If-Range, or one naming this
    very file by its strong ETag or its exact Last-Modified. Otherwise the client's part
    is of another file (an earlier edition's), and gets the whole of this one."""
    value = request.headers.get("If-Range", "").strip()
    if not value:
        return True
    if value.startswith(('"', "W/")):
        return value == etag  # a weak tag never matches: a part must be of the same bytes
    return parse_http_date_safe(value) == modified


def file_response(request, name, headers):
    """A stored file, whole (200) or one byte range (206), 304 to a client whose copy is
    this file, or 416."""
    file = storages["downloads"].open(name)
    etag, modified, size = validators(file)
    headers = {**headers, "Accept-Ranges": "bytes", "ETag": etag}
    headers["Last-Modified"] = http_date(modified)
    if name.endswith(".gz"):
        headers["Content-Encoding"] = "gzip"
    response = not_modified(request, etag, modified, vary=["Accept-Encoding"])
    if response is not None:
        file.close()
        return response
    span = None
    if if_range_holds(request, etag, modified):
        try:
            span = byte_range(request.headers.get("Range"), size)
        except ValueError:
            file.close()
            response = HttpResponse(status=416, headers={"Content-Range": f"bytes */{size}"})
            patch_vary_headers(response, ["Accept-Encoding"])
            return response
    if span is None:
        # The whole file as a file: the WSGI server may send it with sendfile(), as it does
        # WhiteNoise's static files. FileResponse guesses a type and disposition from the
        # stored name (.gz): the view's replace them.
        response = FileResponse(file)
        for header, value in headers.items():
            response[header] = value
    else:
        start, end = span
        response = StreamingHttpResponse(
            read(file, start, end - start + 1), status=206, headers=headers
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def on_this_machine(storage):
    """Whether the storage keeps its files on the local file system (else, in a bucket)."""
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=64)
def file_url(storage, name):
    """The address of a built file in a bucket (the CDN's), or FileNotFoundError. Each
    existence check is a request to the bucket: a file found is remembered, as its name
    holds its edition's number and it never goes away; a missing one is not (the
    downloads service may build it any minute), since lru_cache keeps no exception."""
    if not storage.exists(name):
        raise FileNotFoundError(name)
    return storage.url(name)


def redirect_response(url):
    """To the live edition's file in the bucket: short-lived, as the current page is, since
    after the next publish the same address leads to the next edition's file."""
    response = HttpResponseRedirect(url)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
    )
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def stored_download(request, language, match, live_edition):
    """The live edition's built file of a whole table (ours or the UN's), gzipped for a
    client that takes gzip and plain for others: the file itself from the local file system,
    a redirect to it in a bucket. None to stream it instead: a query string, no edition live
    or the page cache unusable (`live_edition()`, missions/pagecache/addresses.py's, then
    gives None), or the file not built yet."""
    if request.GET:
        return None
    number = live_edition()
    if number is None:
        return None
    view = match.func.view_class(**match.func.view_initkwargs)
    name = stored_name(number, language, view.format, accepts_gzip(request), view.table)
    storage = storages["downloads"]
    if not on_this_machine(storage):
        from botocore.exceptions import BotoCoreError, ClientError

        request.get_host()  # an unknown host gets its 400 first, as for a page
        try:
            return redirect_response(file_url(storage, name))
        except FileNotFoundError:
            return None
        except (BotoCoreError, ClientError) as error:
            # Unreachable, or refused (credentials without s3:ListBucket answer 403):
            # slower, but the visitor still gets the file.
            logger.error("The downloads bucket failed (%s); streaming %s instead.", error, name)
            return None
    if not storage.exists(name):
        return None
    with translation.override(language):
        return file_response(request, name, view.headers(request))
