"""Salesforce import: reading messy exports, validating rows, previewing and committing them.

Plain functions, no HTTP. Entry points: ``import_file`` (command line, demo), ``execute`` (an
``ImportRun`` from the upload page or the Celery task), ``after_commit`` (the recompute hook).
"""

from .reading import ImportFileError, read_table
from .service import (
    ImportAlreadyRunning,
    ImportNotQueued,
    after_commit,
    check_upload_size,
    checksum,
    confirm,
    execute,
    import_file,
    last_imported,
    megabytes,
    remap,
)
from .summary import summary_lines
from .uploads import create_upload

__all__ = [
    "ImportAlreadyRunning",
    "ImportFileError",
    "ImportNotQueued",
    "after_commit",
    "check_upload_size",
    "checksum",
    "confirm",
    "create_upload",
    "execute",
    "import_file",
    "last_imported",
    "megabytes",
    "read_table",
    "remap",
    "summary_lines",
]
