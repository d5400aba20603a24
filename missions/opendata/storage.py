"""The downloads storage in an S3-compatible bucket, behind a CDN (settings.STORAGES, when
DOWNLOADS_BUCKET is set). Its own module, so that a site on the local file system never
loads boto3."""

from storages.backends.s3 import S3Storage

from missions.opendata.files import object_headers


class DownloadStorage(S3Storage):
    """django-storages' S3 storage, storing with each built file the headers the site's
    own response sends, so that the CDN serves it the same way."""

    def get_object_parameters(self, name):
        return {**super().get_object_parameters(name), **object_headers(name)}
