"""Where a command may write, and what went wrong with a path, in one line in Chinese and English.

A command never writes onto one of its inputs, however the path is spelt (relative, through a
symbolic link, a hard link, another case on a case-insensitive file system: all are the same
file to the OS, which is what is compared), with or without --force; and never onto a folder.
"""

import errno
import os
from pathlib import Path
from typing import Iterable

from xlsales.i18n import Text
from xlsales.problems import UserError

OUTPUT_IS_INPUT = Text("输出文件不能是输入文件之一", "the output file cannot be one of the input files")
IS_FOLDER = Text("这是文件夹,不能写成文件", "this is a folder; cannot write a file over it")
EXISTS = Text("文件已存在,未覆盖(如需覆盖请用 --force)", "file exists, not overwritten (use --force to overwrite)")

_ERRNO = {
    errno.ENOENT: Text("找不到文件或文件夹", "no such file or folder"),
    errno.EISDIR: Text("这是文件夹,不是文件", "this is a folder, not a file"),
    errno.ENOTDIR: Text("路径中有一段不是文件夹", "part of the path is not a folder"),
    errno.EACCES: Text("没有权限", "permission denied"),
    errno.EPERM: Text("没有权限", "permission denied"),
    errno.ENOSPC: Text("磁盘已满", "disk full"),
    errno.EDQUOT: Text("磁盘配额已满", "disk quota exceeded"),
    errno.EROFS: Text("只读文件系统,不能写入", "read-only file system"),
    errno.EEXIST: Text("已存在同名的文件", "a file of that name already exists"),
    errno.ENAMETOOLONG: Text("文件名太长", "file name too long"),
    errno.EMFILE: Text("打开的文件太多", "too many open files"),
    errno.EIO: Text("读写出错(磁盘或网络驱动器)", "input/output error (disk or network drive)"),
}


def check_output(output: Path, inputs: Iterable[Path], force: bool) -> None:
    """Raise UserError when writing `output` would replace a folder, an input, or (without `force`) a file."""
    if output.is_dir():
        raise UserError(_about(IS_FOLDER, output))
    if any(same_file(output, path) for path in inputs):
        raise UserError(_about(OUTPUT_IS_INPUT, output))
    if output.exists() and not force:
        raise UserError(_about(EXISTS, output))


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths are one file (the same device and inode: links and case-insensitive names included)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # either missing (then nothing is overwritten), or not a valid path
        return False


def os_error_text(error: OSError) -> Text:
    """An OS error as one line: what happened and to which path."""
    what = _ERRNO.get(error.errno or 0) or Text(f"无法读写({error.strerror})", f"cannot read or write ({error.strerror})")
    names = [str(n) for n in (error.filename, error.filename2) if n is not None]
    if not names:
        return what
    return Text(f"{what.zh}: {' → '.join(names)}", f"{what.en}: {' → '.join(names)}")


def _about(text: Text, path: Path) -> Text:
    return Text(f"{text.zh}: {path}", f"{text.en}: {path}")
