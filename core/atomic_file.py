"""Writing a file atomically: a temporary file renamed over the target, never half a file.

The file keeps its mode (a new one gets the umask's), a symbolic link stays a link and its
target is written, the folder is synced after the rename, and temporary files that a
killed write left behind are swept.
"""

import os
import stat
import tempfile
import time


def write_atomically(path: str, text: str, suffix: str) -> None:
    """Write ``text`` (UTF-8, LF line ends) to ``path``; raises OSError."""
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    os.makedirs(folder, exist_ok=True)
    _sweep_temporary_files(folder, suffix)
    mode = _mode_for(target)
    descriptor, temporary = tempfile.mkstemp(prefix=_TEMPORARY, suffix=suffix, dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fchmod(file.fileno(), mode)
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
    _sync_folder(folder)


_TEMPORARY = ".smarthook-"
#: A temporary file this old is a leftover of a killed save, not one under way.
_STALE_SECONDS = 60


def _mode_for(target: str) -> int:
    """The mode the saved file gets: the existing file's, or 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _sweep_temporary_files(folder: str, suffix: str) -> None:
    stale = time.time() - _STALE_SECONDS
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not (name.startswith(_TEMPORARY) and name.endswith(suffix)):
            continue
        candidate = os.path.join(folder, name)
        try:
            info = os.lstat(candidate)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < stale:
                os.unlink(candidate)
        except OSError:
            continue


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); a platform that cannot is left as it is."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
