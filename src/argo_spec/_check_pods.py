"""What goes into a pod: containers, volumes, and its garbage collection.

Each is checked as the named Go function does it (Argo 4.0.5 and 3.7.18,
Kubernetes apimachinery 0.33.1):

- ``podGC.strategy``: ``PodGCStrategy.IsValid`` in ``ValidateWorkflow``;
  ``imagePullPolicy``: Kubernetes' ``PullPolicy`` values (``Always``,
  ``IfNotPresent``, ``Never``).
- Quantities are checked everywhere by ``_check_quantities``.
- Volumes: a template's volumes go into its pod as they are (``createVolumes``)
  and Kubernetes refuses two of one name (``PodSpec.Volumes`` is a list map
  keyed by name); of the workflow's volumes, ``addVolumeReferences`` mounts
  only the first of a name. A mountPath is mounted once per container
  (``validateLeaf`` for a container template, with its input artifact paths;
  ``ContainerSetTemplate.Validate``; the CRDs key ``volumeMounts`` by
  ``mountPath``).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from argo_spec._check_retry import check_positive_duration
from argo_spec._findings import Finding, Segments, Severity, check_enum, finding, quote

_POD_GC_STRATEGIES = (
    "OnPodCompletion",
    "OnPodSuccess",
    "OnWorkflowCompletion",
    "OnWorkflowSuccess",
)
_PULL_POLICIES = ("Always", "IfNotPresent", "Never")
SPEC_VOLUME_TWICE = "Argo mounts only the first volume of a name"
TEMPLATE_VOLUME_TWICE = "Kubernetes refuses a pod with two volumes of one name"


def check_pod_gc(pod_gc: Any, at: Segments) -> Iterator[Finding]:
    """Check the workflow's podGC strategy."""
    strategy = pod_gc.strategy
    yield from check_enum(
        strategy, _POD_GC_STRATEGIES, (*at, "strategy"), "podGC strategy", True
    )


def check_template_containers(template: Any, at: Segments) -> Iterator[Finding]:
    """Check every container of a template, in field order."""
    container = template.container
    if container is not None:
        mounts = yield from _container(container, (*at, "container"))
        yield from _artifact_paths(
            template.inputs, (*at, "inputs", "artifacts"), mounts
        )
    container_set = template.container_set
    if container_set is not None:
        where = (*at, "containerSet")
        retry = container_set.retry_strategy
        if retry is not None and retry.duration and "{{" not in retry.duration:
            yield from check_positive_duration(
                retry.duration, (*where, "retryStrategy", "duration")
            )
        for index, node in enumerate(container_set.containers or []):
            yield from _container(node, (*where, "containers", index))
        yield from _mount_paths(container_set.volume_mounts, (*where, "volumeMounts"))
    for index, init in enumerate(template.init_containers or []):
        yield from _container(init, (*at, "initContainers", index))
    if template.script is not None:
        yield from _container(template.script, (*at, "script"))
    for index, sidecar in enumerate(template.sidecars or []):
        yield from _container(sidecar, (*at, "sidecars", index))


def _container(
    container: Any, at: Segments
) -> Generator[Finding, None, dict[str, int]]:
    """Check one container; return its mountPaths and their indexes."""
    yield from check_enum(
        container.image_pull_policy,
        _PULL_POLICIES,
        (*at, "imagePullPolicy"),
        "imagePullPolicy",
        False,
    )
    return (yield from _mount_paths(container.volume_mounts, (*at, "volumeMounts")))


def _mount_paths(
    mounts: list[Any] | None, at: Segments
) -> Generator[Finding, None, dict[str, int]]:
    seen: dict[str, int] = {}
    for index, mount in enumerate(mounts or []):
        path = mount.mount_path
        if path in seen:
            yield finding(
                (*at, index, "mountPath"),
                f"mountPath {quote(path)} is already mounted by "
                f"volumeMounts[{seen[path]}]; mount each path once per container",
            )
        else:
            seen[path] = index
    return seen


def _artifact_paths(
    inputs: Any, at: Segments, mounts: dict[str, int]
) -> Iterator[Finding]:
    """Input artifact paths of a container template collide with no mountPath."""
    if inputs is None or not inputs.artifacts:
        return
    paths = {path: f"container.volumeMounts[{i}]" for path, i in mounts.items()}
    for index, artifact in enumerate(inputs.artifacts):
        path = artifact.path
        if not path:
            continue
        if path in paths:
            yield finding(
                (*at, index, "path"),
                f"input artifact path {quote(path)} is already used by "
                f"{paths[path]}; give the artifact a path of its own",
            )
        else:
            paths[path] = f"inputs.artifacts[{index}]"


def check_volumes(
    volumes: list[Any] | None, at: Segments, why: str
) -> Iterator[Finding]:
    """Check volume names are unique.

    ``why``: ``SPEC_VOLUME_TWICE`` (a warning: the controller mounts the first
    and ignores the rest, the API server takes the list) or
    ``TEMPLATE_VOLUME_TWICE`` (an error: the pod is refused).
    """
    severity: Severity = "warning" if why == SPEC_VOLUME_TWICE else "error"
    seen: set[str] = set()
    for index, volume in enumerate(volumes or []):
        if volume.name in seen:
            yield finding(
                (*at, index, "name"),
                f"volume name {quote(volume.name)} is not unique; {why}; rename "
                "or remove one",
                severity,
            )
        seen.add(volume.name)
