"""Compile a runnable graph into an Argo Workflow made of argo_spec Structs.

The traversal mirrors runnable's ``argo`` executor: one DAG template per
pipeline or branch, a chain of tasks joined by ``.Succeeded``, composite nodes
(map, parallel, conditional) as a DAG of fan-out, branches and fan-in, and an
on-failure DAG that runs when its step fails. What differs is listed in
docs/runnable.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from ._arguments import check_parameter_name, workflow_arguments
from ._checks import check_end_nodes, check_limits, check_valid
from ._commands import Invocation, fan_command, node_command
from ._config import PER_POD, Settings, own_volumes
from ._errors import ROOT, ConfigError
from ._lines import cache_ref
from ._memoize import CACHE_LABEL, memoize_key
from ._names import Names, slug
from ._structs import is_set, merge

__all__ = ["Compiled", "compile_graph"]

ENTRYPOINT = "runnable-dag"
_CONTAINER_NODES = ("task", "success", "stub", "fail")
_COMPOSITE_NODES = ("map", "parallel", "conditional")
_MAP_PLACEHOLDER = ".map_variable_placeholder"
_FAN_OUTPUT = "/tmp/output.txt"  # where runnable's fan-out writes its result
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
        self.per_pod = {f: getattr(defaults, f) for f in PER_POD}

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
            base = merge(base, extra, skip=("env", "volume_mounts"))
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
        return merge(template, override, skip=("container",)) if override else template

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
            check_parameter_name(where, item, self.inv.source_file)
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


def _template_defaults(settings: Settings) -> Any:
    own = msgspec.structs.replace(
        settings.defaults, container=None, **dict.fromkeys(PER_POD)
    )
    given = settings.spec.template_defaults
    merged = merge(given, own) if given is not None else own
    empty = not any(is_set(getattr(merged, f)) for f in merged.__struct_fields__)
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
    check_end_nodes(dag, inv.source_file)
    arguments = workflow_arguments(settings, exposed, inv.parameters_file)
    compiler = _Compiler(settings, inv, [p.name for p in arguments])
    compiler.dag(ENTRYPOINT, dag, dag.start_at, [], scope="")
    check_limits(settings, compiler.templates)

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
    check_valid(manifest, settings)
    return Compiled(
        manifest=manifest,
        cache_configmap=cache,
        output_file=settings.output_file,
        cache_configmap_file=settings.cache_configmap_file if cache else None,
    )
