"""The file is written only after every check passed, inside the transaction; when anything fails
after it was written, the file is deleted again and no row remains."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models.signals import post_save

from obligations.models import Evidence
from tests.obligations import evidence_support as s


@pytest.fixture
def world(db):
    return s.make_world()


class Boom(Exception):
    pass


def test_a_failure_after_writing_the_file_deletes_it(world):
    def fail_after_saving(sender, instance, created, **kwargs):
        assert instance.file.storage.exists(instance.file.name)  # the file was written
        raise Boom

    files_before = s.media_files()
    post_save.connect(fail_after_saving, sender=Evidence, dispatch_uid="evidence-boom")
    try:
        with pytest.raises(Boom):
            s.upload(world)
    finally:
        post_save.disconnect(sender=Evidence, dispatch_uid="evidence-boom")

    assert s.media_files() == files_before
    assert not Evidence.objects.exists()


def test_a_refused_file_is_never_written(world, settings):
    """The checks read the upload in memory or its temporary file; MEDIA_ROOT stays untouched."""
    files_before = s.media_files()
    with pytest.raises(ValidationError):
        s.upload(world, "x.pdf", s.windows_executable())
    assert s.media_files() == files_before
