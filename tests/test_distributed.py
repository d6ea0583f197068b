"""`analyze --cluster`: the per-report work on a real Dask cluster of two worker processes started here
gives the dossier of one process (issue 16), into SQLite or PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from armswatch.distributed import parse_local
from armswatch.pipeline import analyze
from tests.pg_server import pg_database, pg_server  # noqa: F401  (fixtures)
from tests.test_workers import _reports

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[object]:
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("single")
    folder = _reports(root / "in", 20)  # more than one chunk of reports per worker
    analyze([folder], root / "one", workers=1, write_html_report=False)
    return folder, _dossier(root / "one")


def _dossier(out: Path) -> dict:
    data = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    data.pop("generated_at", None)
    return data


def _ran_on(cluster: object) -> set[str]:
    """Names of the functions the cluster's scheduler has run."""
    return set(cluster.scheduler.task_prefixes)  # type: ignore[attr-defined]


def test_a_local_cluster_gives_the_dossier_of_one_process(
        local_cluster: object, single: tuple[Path, dict], tmp_path: Path) -> None:
    folder, expected = single
    summary = analyze([folder], tmp_path / "out", write_html_report=False,
                      cluster=local_cluster.scheduler_address)  # type: ignore[attr-defined]
    assert summary.documents_in_dossier == 20 and summary.annotated == 20
    assert {"clean_one", "annotate_chunk"} <= _ran_on(local_cluster)  # (Dask drops the leading _)
    assert _dossier(tmp_path / "out") == expected


def test_a_cluster_run_writes_to_postgresql(
        local_cluster: object, single: tuple[Path, dict], tmp_path: Path,
        pg_database: Callable[[], str]) -> None:  # noqa: F811
    folder, expected = single
    url = pg_database()
    analyze([folder], tmp_path / "out", write_html_report=False, database_url=url,
            cluster=local_cluster.scheduler_address)  # type: ignore[attr-defined]
    assert _dossier(tmp_path / "out") == expected
    from armswatch.store import Store

    with Store(url) as store:
        assert len(list(store.articles())) == 20


def test_local_addresses() -> None:
    assert parse_local("local:3") == 3
    assert parse_local("tcp://10.0.0.5:8786") is None
    with pytest.raises(ValueError):
        parse_local("local:none")
