"""Call logs larger than memory: a folder, glob or URL of Parquet files (or a large CSV) priced in pieces.

A dataset is cut into *pieces* (`dataset_pieces`): runs of Parquet row groups
of up to ``batch_rows`` rows, or line-aligned byte ranges of a CSV file. Each
piece goes through the same import as a whole file (`calc.readers.import_calls`,
so refused rows are counted the same way) and is mapped to statistics by
`calc.partials.partial_of`; the statistics are combined in file order and
finished once (see ``docs/scale.md``).

- `stream_compare` reads the pieces one after another in bounded memory (one
  batch at a time), on this machine.
- `dask_compare` maps the pieces on a ``dask.distributed`` cluster (a local one
  when no scheduler address is given) and combines on the client.
- `memory_compare` imports the whole dataset at once (the reference).

Paths are local, or any fsspec URL (``s3://``, ``gs://``, ...) whose package
is installed. Files are taken in name order; a tariff that counts seats from
peak concurrency needs them in time order (name them so, e.g. by day).
Limits: a CSV field with a line break inside quotes must not straddle a piece
(pieces are cut at line ends); legs of one call (``--legs merge``) are merged
within a piece; ``--date-order auto`` decides per piece (give it explicitly).
"""

from __future__ import annotations

import dataclasses
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from calc.calls import CallLog
from calc.errors import InputError
from calc.i18n import _, format_number, ngettext
from calc.inputs import (
    BATCH_ROWS,
    CSV_SUFFIXES,
    ENGINES,
    PARQUET_SUFFIXES,
    SPREADSHEET_SUFFIXES,
    is_dataset,
)
from calc.partials import LogPartial, check_partitionable, combine, finish, partial_of
from calc.rating import Comparison, compare
from calc.readers import import_calls
from calc.tariff import Tariff

__all__ = [
    "BATCH_ROWS",
    "ENGINES",
    "Piece",
    "is_dataset",
    "dataset_pieces",
    "read_piece",
    "piece_partial",
    "memory_compare",
    "stream_compare",
    "dask_compare",
    "Progress",
    "terminal_progress",
]

CSV_BYTES_PER_ROW = 64  # a CSV piece holds about batch_rows rows of a typical export
WORKER_TRIM_BYTES = 1 << 30  # MALLOC_TRIM_THRESHOLD_ of the local cluster's workers

#: Called with the work done and the work in all (rows of Parquet, bytes of CSV).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Piece:
    """A part of a dataset that one worker imports and maps on its own.

    Attributes
    ----------
    url : str
        The file: a local path or an fsspec URL.
    kind : {'parquet', 'csv'}
    row_groups : tuple of int
        Parquet row groups of the piece (empty for CSV).
    byte_range : tuple of int
        ``(start, stop)`` bytes of a CSV file, cut at line ends (the header line is read apart).
    size : int
        Rows (Parquet) or bytes (CSV), for progress.
    options : dict
        Import options (`calc.readers.import_calls` keywords).
    """

    url: str
    kind: str
    row_groups: tuple[int, ...] = ()
    byte_range: tuple[int, int] = (0, 0)
    size: int = 0
    options: dict = field(default_factory=dict, hash=False, compare=False)


def _filesystem(source: str) -> tuple[object, str]:
    import fsspec

    return fsspec.core.url_to_fs(source)


def _files(source: str) -> tuple[object, list[str]]:
    """The filesystem and the data files of a dataset, in name order."""
    fs, root = _filesystem(source)
    suffixes = PARQUET_SUFFIXES + CSV_SUFFIXES
    if any(ch in root for ch in "*?["):
        names = fs.glob(root)
    elif fs.isdir(root):
        names = [name for name in fs.find(root) if name.lower().endswith(suffixes)]
    elif fs.exists(root):
        names = [root]
    else:
        raise InputError(_("{source}: no such file or folder").format(source=source))
    names = sorted(name for name in names if not fs.isdir(name))
    for name in names:
        if name.lower().endswith(SPREADSHEET_SUFFIXES):
            raise InputError(
                _("{name}: a spreadsheet is read whole; use --engine memory (pieces are Parquet or CSV)").format(
                    name=name
                )
            )
    if not names:
        raise InputError(
            _("{source}: no Parquet or CSV file found (looked for {suffixes})").format(
                source=source, suffixes=", ".join(suffixes)
            )
        )
    return fs, names


def _kind(name: str) -> str:
    return "parquet" if name.lower().endswith(PARQUET_SUFFIXES) else "csv"


def dataset_pieces(source: str, batch_rows: int = BATCH_ROWS, options: dict | None = None) -> list[Piece]:
    """Cut a dataset into pieces of up to `batch_rows` rows (or about as many bytes of CSV), in file order.

    Parameters
    ----------
    source : str
        A file, folder, glob pattern or fsspec URL.
    batch_rows : int
        Most rows of a Parquet piece (a larger row group is a piece of its own) [rows].
    options : dict, optional
        Import options given to every piece.

    Returns
    -------
    list of Piece

    Raises
    ------
    InputError
        If nothing is found or a Parquet footer cannot be read.
    """
    import pyarrow.parquet as pq

    if batch_rows < 1:
        raise InputError(_("batch rows must be a whole number >= 1, got {value}").format(value=repr(batch_rows)))
    fs, names = _files(source)
    pieces = []
    for name in names:
        url = fs.unstrip_protocol(name) if "://" in source else name
        if _kind(name) == "parquet":
            try:
                with fs.open(name, "rb") as handle:
                    metadata = pq.ParquetFile(handle).metadata
            except Exception as error:  # noqa: BLE001 - a damaged footer raises OSError, KeyError, ...
                raise InputError(
                    _("{name}: not a readable Parquet file ({error})").format(name=url, error=type(error).__name__)
                ) from None
            group: list[int] = []
            rows = 0
            for index in range(metadata.num_row_groups):
                count = metadata.row_group(index).num_rows
                if group and rows + count > batch_rows:
                    pieces.append(Piece(url, "parquet", tuple(group), size=rows, options=options or {}))
                    group, rows = [], 0
                group.append(index)
                rows += count
            if group:
                pieces.append(Piece(url, "parquet", tuple(group), size=rows, options=options or {}))
        else:
            pieces.extend(_csv_pieces(fs, name, url, options or {}, batch_rows * CSV_BYTES_PER_ROW))
    return pieces


def _csv_pieces(fs: object, name: str, url: str, options: dict, piece_bytes: int) -> Iterator[Piece]:
    """Byte ranges of a CSV file cut just after a line end, the first one after the header line."""
    size = fs.size(name)
    with fs.open(name, "rb") as handle:
        header = handle.readline()
        begin = len(header)
        while begin < size:
            handle.seek(min(begin + piece_bytes, size))
            handle.readline()  # to the end of the line the cut fell in
            stop = min(handle.tell(), size) if begin + piece_bytes < size else size
            yield Piece(url, "csv", byte_range=(begin, stop), size=stop - begin, options=options)
            begin = stop


def _parquet_table(fs: object, path: str, row_groups: tuple[int, ...]) -> object:
    """Row groups of a Parquet file as an Arrow table, text columns as dictionaries (as the importer reads them)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with fs.open(path, "rb") as handle:
        schema = pq.ParquetFile(handle).schema_arrow
        text = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        return pq.ParquetFile(handle, read_dictionary=text).read_row_groups(list(row_groups))


def read_piece(piece: Piece) -> CallLog:
    """Import one piece through the same normalization as a whole file.

    Parameters
    ----------
    piece : Piece

    Returns
    -------
    CallLog
        Its records and refused rows (line numbers count from the piece's first row).
    """
    fs, path = _filesystem(piece.url)
    name = f"{piece.url}"
    if piece.kind == "parquet":
        table = _parquet_table(fs, path, piece.row_groups)
        frame = table.to_pandas(self_destruct=True, split_blocks=True)
        del table
        return import_calls(frame, name, **piece.options).log
    with fs.open(path, "rb") as handle:
        header = handle.readline()
        handle.seek(piece.byte_range[0])
        data = header + handle.read(piece.byte_range[1] - piece.byte_range[0])
    return import_calls(data, name.rsplit("/", 1)[-1], **piece.options).log


def piece_partial(piece: Piece, tariffs: list[Tariff], previous: LogPartial | None = None) -> LogPartial:
    """Read one piece and map it to its statistics (the task a worker runs).

    Parameters
    ----------
    piece : Piece
    tariffs : list of Tariff
    previous : LogPartial, optional
        The previous piece's partial: its covering teams' calls still in progress (mixed model).

    Returns
    -------
    LogPartial
    """
    return partial_of(read_piece(piece), tariffs, previous=previous)


def _finished(total: LogPartial | None, tariffs: list[Tariff], source: str) -> Comparison:
    if total is None or not total.records:
        rejected = 0 if total is None else total.rejected
        if not rejected:
            raise InputError(_("{source}: the dataset holds no record to price").format(source=source))
        raise InputError(
            _("{source}: every row was refused ({rows})").format(
                source=source,
                rows=ngettext("{count} row", "{count} rows", rejected).format(count=format_number(rejected)),
            )
        )
    return finish(total, tariffs)


def memory_compare(source: str, tariffs: list[Tariff], options: dict | None = None) -> Comparison:
    """Import the whole dataset at once and price it in memory (the engine the others must equal).

    Parameters
    ----------
    source : str
        A file, folder, glob or URL; a single file is read as by ``compare CALLS``.
    tariffs : list of Tariff
    options : dict, optional
        Import options.

    Returns
    -------
    Comparison
    """
    options = options or {}
    pieces = dataset_pieces(source, batch_rows=2**62, options=options)
    if all(piece.kind == "csv" for piece in pieces) and len({piece.url for piece in pieces}) == 1:
        url = pieces[0].url
        if "://" in url:
            fs, path = _filesystem(url)
            with fs.open(path, "rb") as handle:
                log = import_calls(handle.read(), url.rsplit("/", 1)[-1], **options).log
        else:
            log = import_calls(url, **options).log
    elif all(piece.kind == "parquet" for piece in pieces):
        import pyarrow as pa

        tables = [_parquet_table(*_filesystem(piece.url), piece.row_groups) for piece in pieces]
        table = pa.concat_tables(tables, promote_options="permissive")
        frame = table.to_pandas(split_blocks=True)
        log = import_calls(frame, source, **options).log
    else:
        raise InputError(
            _("{source}: the memory engine reads one CSV file or Parquet files; use --engine stream").format(
                source=source
            )
        )
    log.require_records()
    return compare(log, tariffs, records=False)


def stream_compare(
    source: str,
    tariffs: list[Tariff],
    options: dict | None = None,
    batch_rows: int = BATCH_ROWS,
    progress: Progress | None = None,
) -> Comparison:
    """Price a dataset piece by piece on this machine, holding one piece in memory at a time.

    Parameters
    ----------
    source : str
        A file, folder, glob or URL of Parquet files or CSV files.
    tariffs : list of Tariff
        A mixed model's team walks the pieces in order, carrying its calls in progress.
    options : dict, optional
        Import options.
    batch_rows : int
        Rows per piece [rows].
    progress : callable, optional
        Called after each piece with the work done and the work in all.

    Returns
    -------
    Comparison
        As `calc.rating.compare` gives it on the whole log (without per-record arrays).

    Raises
    ------
    InputError
        Refused tariffs, unreadable files, a dataset without records.
    """
    check_partitionable(tariffs, in_order=True)
    pieces = dataset_pieces(source, batch_rows, options)
    work = sum(piece.size for piece in pieces)
    done = 0
    total = None
    for piece in pieces:
        partial = piece_partial(piece, tariffs, previous=total)
        total = partial if total is None else combine(total, partial)
        done += piece.size
        if progress is not None:
            progress(done, work)
    return _finished(total, tariffs, source)


def dask_compare(
    source: str,
    tariffs: list[Tariff],
    options: dict | None = None,
    batch_rows: int = BATCH_ROWS,
    scheduler: str | object | None = None,
    workers: int = 2,
    progress: Progress | None = None,
) -> Comparison:
    """Price a dataset on a Dask cluster: one task per piece, read where it is, combined on the client.

    Parameters
    ----------
    source : str
        A folder, glob or URL the workers can read (a path on a shared disk, or s3://...).
    tariffs : list of Tariff
    options : dict, optional
        Import options.
    batch_rows : int
        Rows per piece (per task) [rows].
    scheduler : str or dask.distributed.Client, optional
        Address of a running scheduler (``tcp://host:8786``) or a client; without it a
        local cluster of `workers` processes is started and closed.
    workers : int
        Worker processes of the local cluster.
    progress : callable, optional
        Called as tasks finish with the work done and the work in all.

    Returns
    -------
    Comparison
    """
    import dask
    from dask.distributed import Client, LocalCluster, as_completed

    check_partitionable(tariffs, in_order=True)
    pieces = dataset_pieces(source, batch_rows, options)
    work = sum(piece.size for piece in pieces)
    cluster = None
    if isinstance(scheduler, Client):
        client, own_client = scheduler, False
    else:
        if scheduler is None:
            # Dask asks glibc to give freed memory back at once (a 64 kB trim threshold): pieces allocate
            # and free arrays of hundreds of MB, and that made the workers twice as slow here.
            with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": WORKER_TRIM_BYTES}):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            scheduler = cluster
        client, own_client = Client(scheduler), True
    try:
        # Every piece in parallel. A covering team's walk (mixed model) is first run as if no covered call
        # came in from the piece before; the client then checks, in file order, that none did (an idle
        # moment at the cut, e.g. files by day) and re-runs the pieces where one did, with those calls.
        groups = [
            [index for index, tariff in enumerate(tariffs) if tariff.covering_team is None],
            [index for index, tariff in enumerate(tariffs) if tariff.covering_team is not None],
        ]
        chosen = [[tariffs[index] for index in group] for group in groups]
        runs = [client.map(piece_partial, pieces, tariffs=group, pure=False) if group else [] for group in chosen]
        where = {future.key: (run, index) for run, futures in enumerate(runs) for index, future in enumerate(futures)}
        partials: list[list[LogPartial | None]] = [[None] * len(futures) for futures in runs]
        work *= sum(1 for futures in runs if futures)
        done = 0
        for future in as_completed([future for futures in runs for future in futures]):
            run, index = where[future.key]
            partials[run][index] = future.result()
            done += pieces[index].size
            if progress is not None:
                progress(done, work)
        walked = partials[1]
        for index in range(1, len(walked)):
            if _carries_into(walked[index - 1], walked[index]):
                walked[index] = client.submit(piece_partial, pieces[index], chosen[1], walked[index - 1]).result()
        totals = [_in_order(run) for run in partials]
        total = _merged(totals, groups, len(tariffs))
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
    return _finished(total, tariffs, source)


def _carries_into(before: LogPartial, piece: LogPartial) -> bool:
    """True when a covered call of the pieces before is still in progress when `piece` begins."""
    if before.team_calls is None:
        return False
    if piece.first_us is None:  # no timed record: the calls pass through it to the next piece
        return any(len(ends) for ends in before.team_calls.values())
    return any(len(ends) and int(ends[-1]) > piece.first_us for ends in before.team_calls.values())


def _in_order(partials: list[LogPartial]) -> LogPartial | None:
    """Partials of consecutive pieces combined in file order (peaks and team walks carry calls forward)."""
    total = None
    for partial in partials:
        total = partial if total is None else combine(total, partial)
    return total


def _merged(totals: list[LogPartial | None], groups: list[list[int]], count: int) -> LogPartial | None:
    """One partial of every tariff from partials of the same pieces under groups of the tariffs."""
    present = [total for total in totals if total is not None]
    if not present:
        return None
    tariffs: list = [None] * count
    for total, group in zip(totals, groups, strict=True):
        for position, index in enumerate(group):
            tariffs[index] = total.tariffs[position]
    agents = next((total.agents for total in present if total.agents is not None), None)
    peaks = next((total.peaks for total in present if total.peaks is not None), None)
    return dataclasses.replace(present[0], tariffs=tariffs, agents=agents, peaks=peaks, team_calls=None)


def terminal_progress(stream: io.TextIOBase, label: str, width: int = 30) -> Progress:
    """A progress bar written over itself on a terminal (at most ten times a second).

    Parameters
    ----------
    stream : file
        Usually ``sys.stderr``.
    label : str
        What is counted, e.g. ``rows``.
    width : int
        Characters of the bar.

    Returns
    -------
    callable
    """
    last = [0.0]

    def show(done: int, work: int) -> None:
        now = time.monotonic()
        if done < work and now - last[0] < 0.1:
            return
        last[0] = now
        share = done / work if work else 1.0
        filled = int(share * width)
        stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {share:6.1%} {done:,} / {work:,} {label}")
        if done >= work:
            stream.write("\n")
        stream.flush()

    return show
