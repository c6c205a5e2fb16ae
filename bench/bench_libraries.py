"""argo_spec side by side with hera and the argo-workflows SDK, in one run.

Run by hand in a venv of its own, so that hera and the SDK never become
dependencies of the project (the exact commands are in ``bench/RESULTS.md``)::

    python bench/bench_libraries.py [--runs 9] [--fresh-runs 9]

The corpus is every Workflow document of the shared Argo 4.1.2 examples that
all three libraries decode and dump back to the data they were given. Each
library is timed in worker processes of its own (``--worker``), so that no
library's imports, caches or garbage slow another's figures; the workers take
three turns in rotation, so that each library meets the machine's load over
the whole run. Memory held is measured with tracemalloc in one more process
per library (``--memory``). Times are for the whole corpus (or the big
workflow), medians of ``--runs`` runs of at least 0.1 s each, as CPU time of
the process (less disturbed by other jobs on a shared machine) and as wall
time.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml
from bench_libraries_cases import (
    BIG_COUNT,
    LIBRARIES,
    Document,
    Library,
    argo_spec_direct_json,
    corpus,
)

BENCH = Path(__file__).resolve().parent
NAMES = list(LIBRARIES)
#: Samples of one measurement by clock ("cpu", "wall"), in seconds.
Samples = dict[str, list[float]]
#: Samples of every measurement of one library.
Times = dict[str, Samples]
#: The shortest run: fast operations are repeated within a run to reach it.
MIN_RUN = 0.1
#: Turns of timing workers; each library gets ``runs / ROUNDS`` runs a turn.
ROUNDS = 3
CLOCKS = {"cpu": "CPU time of the process", "wall": "Wall time"}
ROWS = [
    ("decode_yaml", "decode YAML text → Workflow"),
    ("decode_dict", "decode dict → Workflow"),
    ("decode_json", "decode JSON bytes → Workflow"),
    ("encode_dict", "encode Workflow → dict"),
    ("encode_json", "encode Workflow → JSON"),
    ("encode_yaml", "encode Workflow → YAML"),
    ("big_build", "build 2,000-template workflow"),
    ("big_json", "dump it to JSON"),
    ("big_yaml", "dump it to YAML"),
]
EXTRA_ROWS = [
    ("decode_json_direct", "msgspec.json.Decoder(Workflow) alone, corpus"),
    ("big_pyyaml", "PyYAML CSafeDumper, same data as the big dump"),
]


def timed(
    once: Callable[[Any], object],
    runs: int,
    inputs: Callable[[int], list[Any]] = lambda count: [None] * count,
) -> Samples:
    """Return the CPU and wall seconds of one call of ``once``, ``runs`` times.

    Two warm-up calls come first; the second sets how many calls each run
    makes, enough to last MIN_RUN seconds, and a run's time is divided by that
    count. ``inputs`` makes the argument of each call outside the timing. The
    garbage collector is run before each run and left on during it.
    """
    once(inputs(1)[0])
    start = time.perf_counter()
    once(inputs(1)[0])
    count = max(1, math.ceil(MIN_RUN / (time.perf_counter() - start)))
    cpu, wall = [], []
    for _ in range(runs):
        args = inputs(count)
        gc.collect()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        for arg in args:
            once(arg)
        cpu.append((time.process_time() - start_cpu) / count)
        wall.append((time.perf_counter() - start_wall) / count)
    return {"cpu": cpu, "wall": wall}


def documents(ids_file: str) -> list[Document]:
    ids = set(json.loads(Path(ids_file).read_text()))
    return [doc for doc in corpus() if doc.id in ids]


def run_worker(name: str, ids_file: str, runs: int) -> Times:
    """Time every operation of one library over the corpus."""
    lib = LIBRARIES[name]()
    docs = documents(ids_file)
    texts = [doc.text for doc in docs]
    raws = [doc.raw for doc in docs]
    data = [doc.data for doc in docs]

    def data_inputs(count: int) -> list[list[Any]]:
        if lib.writes_input:  # give each call data of its own
            return [copy.deepcopy(data) for _ in range(count)]
        return [data] * count

    objs = [lib.from_dict(item) for item in copy.deepcopy(data)]
    results = {
        "decode_yaml": timed(lambda _: [lib.from_yaml(t) for t in texts], runs),
        "decode_dict": timed(
            lambda ds: [lib.from_dict(d) for d in ds], runs, data_inputs
        ),
        "decode_json": timed(lambda _: [lib.from_json(r) for r in raws], runs),
        "encode_dict": timed(lambda _: [lib.to_dict(o) for o in objs], runs),
        "encode_json": timed(lambda _: [lib.to_json(o) for o in objs], runs),
        "encode_yaml": timed(lambda _: [lib.to_yaml(o) for o in objs], runs),
    }
    results.update(time_big(lib, runs))
    if name == "argo_spec":
        results.update(time_argo_spec_extras(lib, raws, runs))
    return results


def time_big(lib: Library, runs: int) -> Times:
    big = lib.build_big(BIG_COUNT)
    return {
        "big_build": timed(lambda _: lib.build_big(BIG_COUNT), runs),
        "big_json": timed(lambda _: lib.to_json(big), runs),
        "big_yaml": timed(lambda _: lib.to_yaml(big), runs),
    }


def time_argo_spec_extras(lib: Library, raws: list[bytes], runs: int) -> Times:
    """Reference figures: msgspec's JSON decoder alone, PyYAML's C dumper."""
    decode = argo_spec_direct_json()
    data = lib.to_dict(lib.build_big(BIG_COUNT))

    def pyyaml_dump(_: object) -> str:
        return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False)

    return {
        "decode_json_direct": timed(lambda _: [decode(r) for r in raws], runs),
        "big_pyyaml": timed(pyyaml_dump, runs),
    }


def run_memory(name: str, ids_file: str) -> dict[str, int]:
    """Bytes held (tracemalloc) by the decoded corpus and by the big workflow."""
    lib = LIBRARIES[name]()
    raws = [doc.raw for doc in documents(ids_file)]
    warm = [lib.from_json(raw) for raw in raws]  # lazy imports and caches first
    lib.build_big(10)
    del warm
    return {
        "corpus": held(lambda: [lib.from_json(raw) for raw in raws]),
        "big": held(lambda: lib.build_big(BIG_COUNT)),
    }


def held(make: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = make()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return after - before


def select_corpus() -> tuple[list[str], dict[str, list[str]], int]:
    """Ids of the documents every library reads back equal, and each one's misses."""
    libs = [factory() for factory in LIBRARIES.values()]
    check_big(libs)
    docs = list(corpus())
    missed: dict[str, list[str]] = {lib.name: [] for lib in libs}
    for doc in docs:
        for lib in libs:
            if not round_trips(lib, doc):
                missed[lib.name].append(doc.id)
    dropped = {doc_id for ids in missed.values() for doc_id in ids}
    return [doc.id for doc in docs if doc.id not in dropped], missed, len(docs)


def round_trips(lib: Library, doc: Document) -> bool:
    try:
        decoded = [
            lib.from_yaml(doc.text),
            lib.from_dict(copy.deepcopy(doc.data)),
            lib.from_json(doc.raw),
        ]
        return all(lib.to_dict(obj) == doc.data for obj in decoded)
    except Exception:  # any failure leaves the document out for everyone
        return False


def check_big(libs: list[Library]) -> None:
    """Check that every library builds the same small workflow."""
    dumped = [json.loads(lib.to_json(lib.build_big(3))) for lib in libs]
    for lib, data in zip(libs, dumped, strict=True):
        for template in data["spec"]["templates"]:
            template["memoize"]["cache"]["configMap"].pop("key", None)  # SDK only
        if data != dumped[0]:
            raise SystemExit(f"{lib.name} builds a different workflow")


def run_child(args: list[str]) -> str:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # let stale bytecode be rewritten
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def run_fresh(rounds: int) -> dict[str, Samples]:
    """Milliseconds to the first Workflow in fresh processes, libraries in turn.

    ``inside`` (wall) and ``cpu`` are measured by the child from before the
    import; ``process`` by this process, so it adds interpreter start-up. The
    first round warms the file cache and is dropped.
    """
    script = str(BENCH / "bench_libraries_first.py")
    figures: dict[str, Samples] = {
        name: {"inside": [], "cpu": [], "process": []} for name in NAMES
    }
    for index in range(rounds + 1):
        for name in NAMES:
            start = time.perf_counter()
            inside, cpu = map(float, run_child([script, name]).split())
            process = (time.perf_counter() - start) * 1000
            if index:
                figures[name]["inside"].append(inside)
                figures[name]["cpu"].append(cpu)
                figures[name]["process"].append(process)
    return figures


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def ratio(theirs: float, ours: float) -> str:
    return f"{theirs / ours:,.1f}x"


def median(values: list[float]) -> float:
    return statistics.median(values)


def print_times(times: dict[str, Times], clock: str) -> None:
    print(f"\n{CLOCKS[clock]}, median; ratio = other library's time / argo_spec's:\n")
    print("| what | argo_spec | hera | SDK | hera / argo_spec | SDK / argo_spec |")
    print("|---|---|---|---|---|---|")
    for key, label in ROWS:
        ours, hera, sdk = (median(times[name][key][clock]) for name in NAMES)
        print(
            f"| {label} | {ms(ours)} | {ms(hera)} | {ms(sdk)} "
            f"| {ratio(hera, ours)} | {ratio(sdk, ours)} |"
        )
    own = times["argo_spec"]
    for key, label in EXTRA_ROWS:
        print(f"| {label} | {ms(median(own[key][clock]))} | | | | |")


def print_fresh(fresh: dict[str, Samples]) -> None:
    print("\nImport + first Workflow from YAML in a fresh process (argo_spec also")
    print("validates it); medians, and the range of the in-process wall time:\n")
    print("| library | in-process wall | range | in-process CPU | whole process |")
    print("|---|---|---|---|---|")
    for name in NAMES:
        inside = fresh[name]["inside"]
        print(
            f"| {name} | {median(inside):.1f} ms "
            f"| {min(inside):.1f} to {max(inside):.1f} ms "
            f"| {median(fresh[name]['cpu']):.1f} ms "
            f"| {median(fresh[name]['process']):.1f} ms |"
        )


def print_memory(memory: dict[str, dict[str, int]]) -> None:
    print("\nMemory held (tracemalloc: bytes allocated and still alive):\n")
    print("| held by | argo_spec | hera | SDK | hera / argo_spec | SDK / argo_spec |")
    print("|---|---|---|---|---|---|")
    for key, label in (("corpus", "decoded corpus"), ("big", "2,000-template wf")):
        ours, hera, sdk = (memory[name][key] for name in NAMES)
        print(
            f"| {label} | {ours / 1e6:.2f} MB | {hera / 1e6:.2f} MB "
            f"| {sdk / 1e6:.2f} MB | {ratio(hera, ours)} | {ratio(sdk, ours)} |"
        )


def print_goals(times: dict[str, Times], fresh: dict[str, Samples]) -> None:
    def speedup(key: str, other: str, clock: str) -> float:
        theirs = median(times[other][key][clock])
        return theirs / median(times["argo_spec"][key][clock])

    def dump(clock: str) -> float:
        own = times["argo_spec"]
        return median(own["big_pyyaml"][clock]) / median(own["big_yaml"][clock])

    goals = [
        ("decode JSON >= 6x hera", lambda c: speedup("decode_json", "hera", c), 6),
        ("decode JSON >= 40x SDK", lambda c: speedup("decode_json", "sdk", c), 40),
        ("encode JSON >= 4x hera", lambda c: speedup("encode_json", "hera", c), 4),
        ("YAML dump of the big workflow >= 2x PyYAML C", dump, 2),
    ]
    print("\nGoals (CPU time; wall time in brackets):\n")
    for label, value, goal in goals:
        cpu, wall = value("cpu"), value("wall")
        verdict = "pass" if cpu >= goal else "FAIL"
        print(f"- {label}: {cpu:.1f}x ({wall:.1f}x) - {verdict}")
    first = median(fresh["argo_spec"]["inside"])
    verdict = "pass" if first <= 100 else "FAIL"
    print(f"- first validated Workflow <= 100 ms: {first:.1f} ms wall - {verdict}")


def print_setup(missed: dict[str, list[str]], total: int, kept: int) -> None:
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average at the start: {load_average()}"
    )
    packages = ["argo-spec", "msgspec", "PyYAML", "hera", "pydantic", "argo-workflows"]
    print(", ".join(f"{name} {version(name)}" for name in packages))
    print(f"Workflow documents: {total}; all three read back equal: {kept}")
    for name, ids in missed.items():
        print(f"  not read back equal by {name}: {len(ids)} {ids}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--fresh-runs", type=int, default=9)
    parser.add_argument("--worker", choices=NAMES, help=argparse.SUPPRESS)
    parser.add_argument("--memory", choices=NAMES, help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(run_worker(args.worker, args.ids, args.runs)))
    elif args.memory:
        print(json.dumps(run_memory(args.memory, args.ids)))
    else:
        compare(args.runs, args.fresh_runs)


def compare(runs: int, fresh_runs: int) -> None:
    """Pick the corpus, run every worker, and print the tables."""
    kept, missed, total = select_corpus()
    print_setup(missed, total, len(kept))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(kept, handle)
    try:
        times = time_in_rounds(handle.name, runs)
        memory = {name: run_worker_process(name, handle.name) for name in NAMES}
    finally:
        os.unlink(handle.name)
    fresh = run_fresh(fresh_runs)

    print(f"Times are for the whole corpus ({len(kept)} documents) or the big one.")
    print_times(times, "cpu")
    print_times(times, "wall")
    print_fresh(fresh)
    print_memory(memory)
    print_goals(times, fresh)
    print(f"\nload average at the end: {load_average()}")


def time_in_rounds(ids_file: str, runs: int) -> dict[str, Times]:
    """Run the timing workers of all libraries in ROUNDS turns; merge samples."""
    times: dict[str, Times] = {name: {} for name in NAMES}
    for _ in range(ROUNDS):
        for name in NAMES:
            part = run_worker_process(name, ids_file, math.ceil(runs / ROUNDS))
            for key, samples in part.items():
                merged = times[name].setdefault(key, {"cpu": [], "wall": []})
                for clock, values in samples.items():
                    merged[clock].extend(values)
    return times


def run_worker_process(name: str, ids_file: str, runs: int | None = None) -> Any:
    """Run ``--worker`` (with ``runs``) or ``--memory`` for one library."""
    script = str(BENCH / "bench_libraries.py")
    if runs is None:
        args = [script, "--memory", name, "--ids", ids_file]
    else:
        args = [script, "--worker", name, "--ids", ids_file, "--runs", str(runs)]
    return json.loads(run_child(args))


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
