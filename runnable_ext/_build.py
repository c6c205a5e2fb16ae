"""Compile a runnable graph into an Argo Workflow made of argo_spec Structs.

The traversal mirrors runnable's ``argo`` executor: one DAG template per
pipeline or branch, a chain of tasks joined by ``.Succeeded``, composite nodes
(map, parallel, conditional) as a DAG of fan-out, branches and fan-in, and an
on-failure DAG that runs when its step fails. What differs is listed in
docs/runnable.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import msgspec

from argo_spec import to_dict, validate

from ._commands import Invocation, fan_command, node_command
from ._config import ROOT, Settings, own_volumes
from ._errors import ConfigError
from ._lines import cache_ref
from ._memoize import CACHE_LABEL, memoize_key
from ._names import Names, slug

__all__ = ["Compiled", "compile_graph"]

ENTRYPOINT = "runnable-dag"
_CONTAINER_NODES = ("task", "success", "stub", "fail")
_COMPOSITE_NODES = ("map", "parallel", "conditional")
_MAP_PLACEHOLDER = ".map_variable_placeholder"
_FAN_OUTPUT = "/tmp/output.txt"  # where runnable's fan-out writes its result
# Workflow parameters the compiler adds itself; runnable's executor adds them too.
_OWN_PARAMETERS = ("run_id", "retry_run_id", "retry_indicator", "log_level")
_END_NODES = ("success", "fail")
# maxItems in Argo 4.1's full CRD; the 3.7 CRD has none.
_V4_MAX_TEMPLATES = 200
_V4_MAX_TASKS = 200
_V4_MAX_INPUTS = 500
_RETRY_ENV = (
    ("RUNNABLE_RETRY_RUN_ID", "{{workflow.parameters.retry_run_id}}"),
    ("RUNNABLE_RETRY_INDICATOR", "{{workflow.parameters.retry_indicator}}"),
)


class _ConfigMapMeta(msgspec.Struct, omit_defaults=True, kw_only=True):
    name: str
    labels: dict[str, str]
    namespace: str | None = None


class CacheConfigMap(msgspec.Struct, kw_only=True):
    """A pre-created, labelled memoization cache (core/v1 ConfigMap)."""

    api_version: str = msgspec.field(name="apiVersion", default="v1")
    kind: str = "ConfigMap"
    metadata: _ConfigMapMeta


@dataclass
class Compiled:
    """The manifest and, when asked for, the cache ConfigMap to create first."""

    manifest: Any
    cache_configmap: CacheConfigMap | None
    output_file: str
    cache_configmap_file: str | None


def _is_set(value: Any) -> bool:
    return value is not None and value is not msgspec.UNSET


def _merge(base: Any, top: Any, skip: tuple[str, ...] = ()) -> Any:
    """Return ``base`` with every field that ``top`` sets replaced by ``top``'s."""
    changes = {
        name: getattr(top, name)
        for name in top.__struct_fields__
        if name not in skip and _is_set(getattr(top, name))
    }
    return msgspec.structs.replace(base, **changes) if changes else base


def _as_parameter_value(value: Any) -> str:
    # runnable reads RUNNABLE_PRM_* back with json.loads, so non-strings go as JSON.
    return value if isinstance(value, str) else json.dumps(value)


class _Compiler:
    def __init__(self, settings: Settings, inv: Invocation, arguments: list[str]):
        self.s = settings
        self.m = settings.line
        self.inv = inv
        self.arguments = arguments
        self.names = Names(reserved=(ENTRYPOINT,))
        self.templates: list[Any] = []
        self.first_container = True
        cron = settings.cron is not None
        self.run_id = "{{workflow.name}}" if cron else "{{workflow.parameters.run_id}}"
        self.run_id_var = "workflow.name" if cron else "workflow.parameters.run_id"
        self.cache = cache_ref(self.m, settings.cache_name)
        self.volumes, self.mounts = self._volumes()
        defaults = settings.defaults
        self.per_pod = {f: getattr(defaults, f) for f in _PER_POD}

    # -- pieces shared by every template ------------------------------------

    def _volumes(self) -> tuple[list[Any], list[Any]]:
        m, own = self.m, own_volumes(self.s)
        volumes = [m.Volume(name=v.name, persistent_volume_claim=v.claim) for v in own]
        mounts = [m.VolumeMount(name=v.name, mount_path=v.mount_path) for v in own]
        return volumes, mounts

    def inputs(self, params: list[str]) -> Any:
        if not params:
            return None
        return self.m.Inputs(parameters=[self.m.Parameter(name=p) for p in params])

    def args(self, params: list[str], item: str | None = None) -> Any:
        if not params:
            return None
        values = [
            "{{item}}" if p == item else f"{{{{inputs.parameters.{p}}}}}"
            for p in params
        ]
        parameters = [
            self.m.Parameter(name=p, value=v)
            for p, v in zip(params, values, strict=True)
        ]
        return self.m.Arguments(parameters=parameters)

    def memoize(self, name: str, params: list[str]) -> Any:
        if not self.s.memoize:
            return None
        key = memoize_key(name, self.run_id_var, params)
        return self.m.Memoize(key=key, max_age=self.s.max_age, cache=self.cache)

    def env(self, *pairs: tuple[str, str]) -> list[Any]:
        return [self.m.EnvVar(name=n, value=v) for n, v in pairs]

    def leading_env(self) -> list[Any]:
        env = self.env(*_RETRY_ENV)
        if self.first_container:
            # runnable hands the workflow arguments to the first pod only.
            env += self.env(
                *(
                    (f"RUNNABLE_PRM_{a}", f"{{{{workflow.parameters.{a}}}}}")
                    for a in self.arguments
                )
            )
            env += self.env(("error_on_existing_run_id", "true"))
            self.first_container = False
        return env

    def container(self, base: Any, command: list[str], env: list[Any]) -> Any:
        mounts = self.mounts + list(base.volume_mounts or [])
        return msgspec.structs.replace(
            base, command=command, env=env, volume_mounts=mounts or None
        )

    # -- leaf and fan templates ---------------------------------------------

    def override(self, node: Any) -> Any:
        keys = getattr(node, "overrides", None) or {}
        key = keys.get("argo-spec", keys.get("argo"))
        if not key:
            return None
        if key not in self.s.overrides:
            raise ConfigError(
                f"{ROOT}.overrides",
                f"step {node.internal_name!r} asks for override {key!r}, not defined",
                f"add {key!r} under overrides or change the step",
            )
        return self.s.overrides[key]

    def secrets_env(self, node: Any) -> list[Any]:
        names = list(getattr(getattr(node, "executable", None), "secrets", None) or [])
        if names and not self.s.secret_from_k8s:
            raise ConfigError(
                f"{ROOT}.secret_from_k8s",
                f"step {node.internal_name!r} needs secrets {names} but none is set",
                "name the Kubernetes Secret that holds them",
            )
        m = self.m
        return [
            m.EnvVar(
                name=n,
                value_from=m.EnvVarSource(
                    secret_key_ref=m.SecretKeySelector(
                        name=self.s.secret_from_k8s, key=n
                    )
                ),
            )
            for n in names
        ]

    def user_env(self, *containers: Any) -> list[Any]:
        merged: dict[str, Any] = {}
        for container in containers:
            for item in (container.env if container else None) or []:
                merged[item.name] = item
        return list(merged.values())

    def task_template(self, node: Any, name: str, params: list[str]) -> Any:
        override = self.override(node)
        base = self.s.defaults.container
        extra = override.container if override else None
        if extra is not None:
            base = _merge(base, extra, skip=("env", "volume_mounts"))
            mounts = list(base.volume_mounts or []) + list(extra.volume_mounts or [])
            base = msgspec.structs.replace(base, volume_mounts=mounts or None)

        command = node_command(
            self.inv,
            node._command_friendly_name(),
            self.run_id,
            "{{workflow.parameters.log_level}}",
            params,
        )
        env = self.leading_env() + self.secrets_env(node)
        env += self.user_env(self.s.defaults.container, extra)
        env += self.env(("RUNNABLE_CODE_ID_ARGO_WORKFLOW_UID", "{{workflow.uid}}"))

        template = self.m.Template(
            name=name,
            inputs=self.inputs(params),
            container=self.container(base, command, env),
            memoize=self.memoize(name, params),
            **self.per_pod,
        )
        return _merge(template, override, skip=("container",)) if override else template

    def fan_template(self, node: Any, name: str, mode: str, params: list[str]) -> Any:
        command = fan_command(
            self.inv,
            node._command_friendly_name(),
            mode,
            self.run_id,
            "{{workflow.parameters.log_level}}",
            params,
        )
        base = self.s.defaults.container
        env = self.leading_env() + self.user_env(base)
        return self.m.Template(
            name=name,
            inputs=self.inputs(params),
            outputs=self.fan_outputs(node, mode),
            container=self.container(base, command, env),
            memoize=self.memoize(name, params),
            **self.per_pod,
        )

    def fan_outputs(self, node: Any, mode: str) -> Any:
        output = {"map": "iterate-on", "conditional": "case"}.get(node.node_type)
        if mode != "out" or output is None:
            return None
        value_from = self.m.ValueFrom(path=_FAN_OUTPUT)
        return self.m.Outputs(
            parameters=[self.m.Parameter(name=output, value_from=value_from)]
        )

    # -- DAGs -----------------------------------------------------------------

    def task(self, name: str, **fields: Any) -> Any:
        return self.m.DAGTask(name=name, template=name, **fields)

    def dag(
        self, name: str, graph: Any, start: str, params: list[str], scope: str
    ) -> None:
        """Add DAG template ``name`` for ``graph`` from ``start`` and its children.

        ``scope`` is empty for the main path and names the on-failure handler
        inside one, whose steps repeat nodes of the main path (such as success).
        """
        tasks: list[Any] = []
        previous: str | None = None
        fail_fast = True
        current = start
        while True:
            node = graph.get_node_by_name(current)
            step = self.names.claim(f"{scope}|{node.internal_name}", scope, _base(node))
            depends = f"{previous}.Succeeded" if previous else None
            tasks.append(self.task(step, depends=depends, arguments=self.args(params)))
            previous = step
            self.node(node, step, params, scope)

            failure = node._get_on_failure_node()
            if failure:
                handler = self.names.claim(
                    f"{scope}|{step}|on-failure", "on-failure", step
                )
                tasks.append(
                    self.task(
                        handler, depends=f"{step}.Failed", arguments=self.args(params)
                    )
                )
                fail_fast = False  # or the handler would never be scheduled
                self.dag(handler, graph, failure, params, scope=handler)
            if node.node_type in ("success", "fail"):
                break
            current = node._get_next_node()

        dag = self.m.DAGTemplate(tasks=tasks, fail_fast=fail_fast)
        self.templates.append(
            self.m.Template(name=name, inputs=self.inputs(params), dag=dag)
        )

    def node(self, node: Any, step: str, params: list[str], scope: str) -> None:
        if node.node_type in _CONTAINER_NODES:
            self.templates.append(self.task_template(node, step, params))
        elif node.node_type in _COMPOSITE_NODES:
            self.composite(node, step, params, scope)
        else:
            raise ConfigError(
                f"step {node.internal_name!r}",
                f"{node.node_type} nodes cannot run on Argo",
                "use map, parallel or conditional instead",
                self.inv.source_file,
            )

    def composite(self, node: Any, name: str, params: list[str], scope: str) -> None:
        ident = f"{scope}|{node.internal_name}"
        fan_out = self.names.claim(f"{ident}|fan-out", name, "fan-out")
        tasks = [self.task(fan_out, arguments=self.args(params))]
        self.templates.append(self.fan_template(node, fan_out, "out", params))

        item, inner, with_param, branches = None, params, None, {}
        if node.node_type == "map":
            item = node.iterate_as
            where = f"step {node.name!r}: iterate_as"
            _check_parameter_name(where, item, self.inv.source_file)
            inner = [p for p in params if p != item] + [item]
            with_param = f"{{{{tasks.{fan_out}.outputs.parameters.iterate-on}}}}"
            branches = {"branch": node.branch}
        else:
            branches = node.branches

        ends = []
        for key, branch in branches.items():
            case = str(key).split(".")[-1]
            branch_name = self.names.claim(f"{ident}|branch|{key}", name, case)
            when = None
            if node.node_type == "conditional":
                when = f"'{case}' == {{{{tasks.{fan_out}.outputs.parameters.case}}}}"
            tasks.append(
                self.task(
                    branch_name,
                    depends=f"{fan_out}.Succeeded",
                    arguments=self.args(inner, item),
                    with_param=with_param,
                    when=when,
                )
            )
            self.dag(branch_name, branch, branch.start_at, inner, scope)
            ends += [f"{branch_name}.Succeeded", f"{branch_name}.Failed"]

        fan_in = self.names.claim(f"{ident}|fan-in", name, "fan-in")
        tasks.append(
            self.task(fan_in, depends=" || ".join(ends), arguments=self.args(params))
        )
        self.templates.append(self.fan_template(node, fan_in, "in", params))
        dag = self.m.DAGTemplate(tasks=tasks, fail_fast=False)
        self.templates.append(
            self.m.Template(name=name, inputs=self.inputs(params), dag=dag)
        )


def _base(node: Any) -> str:
    return slug(node.internal_name.replace(_MAP_PLACEHOLDER, ""))


def _arguments(
    settings: Settings, exposed: dict[str, Any], parameters_file: str
) -> list[Any]:
    m = settings.line
    for name in exposed:
        _not_own(name, name, parameters_file or None)
        _check_parameter_name(name, name, parameters_file or None)
    params = [
        m.Parameter(name=k, value=None if v is None else _as_parameter_value(v))
        for k, v in exposed.items()
    ]
    seen = {p.name for p in params}
    params += [p for p in _given_arguments(settings) if p.name not in seen]
    if settings.cron is None:
        params.append(m.Parameter(name="run_id"))  # given at submission
    params += [
        m.Parameter(name="retry_run_id", value=""),
        m.Parameter(name="retry_indicator", value=""),
        m.Parameter(name="log_level", value=settings.log_level),
    ]
    return params


def _given_arguments(settings: Settings) -> list[Any]:
    """The user's spec.arguments.parameters, checked, values as strings."""
    spec = settings.spec
    given = (spec.arguments.parameters if spec.arguments else None) or []
    names: set[str] = set()
    out = []
    for index, param in enumerate(given):
        where = f"{ROOT}.argo_workflow.spec.arguments.parameters[{index}].name"
        _not_own(where, param.name)
        _check_parameter_name(where, param.name)
        if param.name in names:
            raise ConfigError(
                where, f"{param.name!r} is given twice", "keep one of them"
            )
        names.add(param.name)
        out.append(_stringify(param))
    return out


def _stringify(param: Any) -> Any:
    # Argo's CRD types value, default, enum items and valueFrom.default as
    # strings; Argo's Go code reads numbers too, so they are written as JSON.
    changes: dict[str, Any] = {
        field: _as_parameter_value(getattr(param, field))
        for field in ("value", "default")
        if _is_set(getattr(param, field))
    }
    if param.enum:
        changes["enum"] = [_as_parameter_value(item) for item in param.enum]
    source = param.value_from
    if source is not None and _is_set(source.default):
        default = _as_parameter_value(source.default)
        changes["value_from"] = msgspec.structs.replace(source, default=default)
    return msgspec.structs.replace(param, **changes)


# Argo's rule for parameter and artifact names (workflow/validate:
# paramOrArtifactNameRegex).
_PARAMETER_NAME = re.compile(r"[-a-zA-Z0-9_]+")


def _check_parameter_name(where: str, name: str, file: str | None = None) -> None:
    if not _PARAMETER_NAME.fullmatch(name):
        raise ConfigError(
            where,
            f"parameter name {name!r} is not one Argo accepts",
            "use only letters, digits, '-' and '_'",
            file,
        )


def _not_own(where: str, name: str, file: str | None = None) -> None:
    if name in _OWN_PARAMETERS:
        raise ConfigError(
            where,
            f"parameter {name!r} clashes with the workflow parameter runnable "
            f"adds itself ({', '.join(_OWN_PARAMETERS)})",
            "rename the parameter",
            file,
        )


# Argo merges templateDefaults into DAG templates too, where these act on the
# whole DAG: a DAG with a retryStrategy is retried as a whole (a step failing d
# DAGs deep would run (limit + 1) ** (d + 1) times), a timeout ends the whole
# DAG, and a mutex held by a DAG deadlocks its own steps. runnable meant them
# per step, so they go on each pod template instead.
_PER_POD_WIRE = {
    "retryStrategy": "retry_strategy",
    "timeout": "timeout",
    "synchronization": "synchronization",
}
_PER_POD = tuple(_PER_POD_WIRE.values())


def _template_defaults(settings: Settings) -> Any:
    own = msgspec.structs.replace(
        settings.defaults, container=None, **dict.fromkeys(_PER_POD)
    )
    given = settings.spec.template_defaults
    merged = _merge(given, own) if given is not None else own
    empty = not any(_is_set(getattr(merged, f)) for f in merged.__struct_fields__)
    return None if empty else merged


def _wrap(settings: Settings, spec: Any) -> Any:
    m, meta = settings.line, settings.metadata
    if settings.cron is None:
        return m.Workflow(metadata=meta, spec=spec)
    name = meta.name or (meta.generate_name or "").rstrip("-")
    cron_meta = msgspec.structs.replace(meta, name=name, generate_name=None)
    cron_spec = msgspec.convert(
        {**settings.cron, "workflowSpec": {}}, m.CronWorkflowSpec
    )
    cron_spec = msgspec.structs.replace(cron_spec, workflow_spec=spec)
    return m.CronWorkflow(metadata=cron_meta, spec=cron_spec)


def _cache_configmap(settings: Settings) -> CacheConfigMap | None:
    if not settings.cache_configmap_file or not settings.memoize:
        return None
    meta = _ConfigMapMeta(
        name=settings.cache_name,
        labels=dict(CACHE_LABEL),
        namespace=settings.metadata.namespace,
    )
    return CacheConfigMap(metadata=meta)


def compile_graph(
    dag: Any, settings: Settings, inv: Invocation, exposed: dict[str, Any]
) -> Compiled:
    """Build the Workflow (or CronWorkflow) for runnable graph ``dag``.

    Raises
    ------
    ConfigError
        When a step refers to something the configuration does not provide.

    """
    _check_end_nodes(dag, inv.source_file)
    arguments = _arguments(settings, exposed, inv.parameters_file)
    compiler = _Compiler(settings, inv, [p.name for p in arguments])
    compiler.dag(ENTRYPOINT, dag, dag.start_at, [], scope="")
    _check_limits(settings, compiler.templates)

    m, spec = settings.line, settings.spec
    artifacts = spec.arguments.artifacts if spec.arguments else None
    spec = msgspec.structs.replace(
        spec,
        entrypoint=ENTRYPOINT,
        arguments=m.Arguments(parameters=arguments, artifacts=artifacts),
        template_defaults=_template_defaults(settings),
        templates=compiler.templates,
        volumes=(list(spec.volumes or []) + compiler.volumes) or None,
    )
    cache = _cache_configmap(settings)
    manifest = _wrap(settings, spec)
    _check_valid(manifest, settings)
    return Compiled(
        manifest=manifest,
        cache_configmap=cache,
        output_file=settings.output_file,
        cache_configmap_file=settings.cache_configmap_file if cache else None,
    )


def _check_end_nodes(graph: Any, pipeline_file: str) -> None:
    """Refuse steps that runnable's own ``success``/``fail`` nodes hide.

    A step named ``success`` or ``fail`` is replaced by runnable's end node of
    that name, so the steps after it are never reached (runnable's executor
    drops them too).
    """
    reached = _reachable(graph)
    for name, node in graph.nodes.items():
        if name in _END_NODES and node.node_type != name:
            message = f"step {name!r} has the name of runnable's end node"
            raise _end_node_error(name, pipeline_file, message)
        if name not in reached and name not in _END_NODES:
            raise _end_node_error(
                name,
                pipeline_file,
                f"step {name!r} is never reached: a step before it is named "
                "'success' or 'fail', which runnable keeps for its end nodes",
            )
        for branch in _branches(node):
            _check_end_nodes(branch, pipeline_file)


def _end_node_error(name: str, file: str, message: str) -> ConfigError:
    return ConfigError(
        f"step {name!r}", message, "rename the step called 'success' or 'fail'", file
    )


def _reachable(graph: Any) -> set[str]:
    reached: set[str] = set()
    todo = [graph.start_at]
    while todo:
        name = todo.pop()
        if name in reached or name not in graph.nodes:
            continue
        reached.add(name)
        node = graph.nodes[name]
        if node.node_type not in _END_NODES:
            todo.append(node._get_next_node())
        todo += [n for n in [node._get_on_failure_node()] if n]
    return reached


def _branches(node: Any) -> list[Any]:
    if node.node_type == "map":
        return [node.branch]
    if node.node_type in ("parallel", "conditional"):
        return list(node.branches.values())
    return []


def _check_limits(settings: Settings, templates: list[Any]) -> None:
    major, minor = (int(part) for part in settings.argo_version.split("."))
    if (major, minor) < (4, 1):  # the caps came with Argo 4.1's full CRDs
        return
    counts = [("spec.templates", len(templates), _V4_MAX_TEMPLATES)]
    for t in templates:
        if t.dag is not None:
            counts.append((f"{t.name}.dag.tasks", len(t.dag.tasks), _V4_MAX_TASKS))
        if t.inputs is not None and t.inputs.parameters:
            size = len(t.inputs.parameters)
            counts.append((f"{t.name}.inputs.parameters", size, _V4_MAX_INPUTS))
    for where, count, limit in counts:
        if count > limit:
            raise ConfigError(
                f"{ROOT}.argo_version",
                f"the pipeline needs {count} items in {where}; "
                f"Argo 4.1's CRD allows at most {limit}",
                'set argo_version: "3.7" (its CRD has no such limit) '
                "or split the pipeline",
            )


def _check_valid(manifest: Any, settings: Settings) -> None:
    findings = validate(manifest)
    if not findings:
        return
    first, more = findings[0], len(findings) - 1
    extra = f" ({more} more finding{'s' if more > 1 else ''})" if more else ""
    raise ConfigError(
        _setting(first.segments, settings, manifest),
        f"the compiled manifest is not valid at {first.path}: {first.message}{extra}",
        "change the setting that produces it",
    )


def _setting(segments: tuple[Any, ...], settings: Settings, manifest: Any) -> str:
    """Name the configuration setting behind a manifest path, where there is one."""
    parts = list(segments)
    spec = manifest.spec
    if parts[:2] == ["spec", "workflowSpec"]:
        parts, spec = ["spec", *parts[2:]], spec.workflow_spec
    elif settings.cron is not None and parts[:1] == ["spec"]:
        return f"{ROOT}.cron_schedule{_tail(parts[1:])}"
    if parts[:2] == ["spec", "templates"] and len(parts) > 3:
        field = _PER_POD_WIRE.get(parts[3])
        template = spec.templates[parts[2]]
        if field and getattr(template, field) == getattr(settings.defaults, field):
            return f"{ROOT}.defaults{_tail(parts[3:])}"
    if parts[:2] == ["spec", "templateDefaults"] and len(parts) > 2:
        given = settings.spec.template_defaults
        if given is None or parts[2] not in to_dict(given):
            return f"{ROOT}.defaults{_tail(parts[2:])}"
    if parts[:1] == ["metadata"] or (
        parts[:1] == ["spec"] and parts[1:2] != ["templates"]
    ):
        return f"{ROOT}.argo_workflow{_tail(parts)}"
    return ROOT


def _tail(parts: list[Any]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)
